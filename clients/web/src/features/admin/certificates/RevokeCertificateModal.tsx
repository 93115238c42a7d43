import { Alert, App, Descriptions, Form, Select } from 'antd';
import type { Certificate } from '@yizhan/protocol';
import { useT } from '../../../app/i18n';
import { FormModal } from '../../../app/components/FormModal';
import { adminApi, type RevocationReason } from '../admin-api';
import { CERT_KIND_KEYS, REVOCATION_REASON_KEYS } from '../admin-labels';

/** Choose a reason, read the warning, confirm: revocation cannot be undone. */
export function RevokeCertificateModal({ cert, onClose, onRevoked }: { cert: Certificate | null; onClose(): void; onRevoked(c: Certificate): void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: RevocationReason }>();

  const submit = async (v: { reason: RevocationReason }) => {
    if (!cert) return;
    const revoked = await adminApi.revokeCertificate(cert.id, v.reason);
    void message.success(t('admin.certs.revoked'));
    onRevoked(revoked);
  };

  return (
    <FormModal
      form={form}
      onSubmit={submit}
      onClose={onClose}
      danger
      open={!!cert}
      title={t('admin.certs.revokeTitle')}
      okText={t('admin.certs.revokeConfirm')}
    >
      {cert && (
        <>
          <Descriptions
            size="small"
            column={1}
            style={{ marginBottom: 16 }}
            items={[
              { key: 'kind', label: t('admin.certs.col.kind'), children: t(CERT_KIND_KEYS[cert.kind]) },
              { key: 'subject', label: t('admin.certs.col.subject'), children: cert.subject },
              { key: 'serial', label: t('admin.certs.col.serial'), children: <span className="yz-mono" style={{ wordBreak: 'break-all' }}>{cert.serialHex}</span> },
            ]}
          />
          <Form name="revoke-certificate" form={form} layout="vertical" preserve={false}>
            <Form.Item name="reason" label={t('admin.certs.revokeReason')} rules={[{ required: true, message: t('admin.certs.revokeReason') }]}>
              <Select
                placeholder={t('admin.certs.revokeReason')}
                options={(Object.keys(REVOCATION_REASON_KEYS) as RevocationReason[]).map((r) => ({ value: r, label: t(REVOCATION_REASON_KEYS[r]) }))}
              />
            </Form.Item>
          </Form>
          <Alert type="warning" showIcon title={t('admin.certs.revokeWarning')} />
        </>
      )}
    </FormModal>
  );
}
