import { Alert, App, Form, Radio } from 'antd';
import type { Certificate } from '@yizhan/protocol';
import { useT } from '../../../app/i18n';
import { FormModal } from '../../../app/components/FormModal';
import type { AgencyForest } from '../../directory/agency-tree';
import { AgencySelect } from '../AgencySelect';
import { adminApi } from '../admin-api';
import { UserPicker } from './UserPicker';

interface Values {
  kind: 'agency' | 'user';
  agencyCode?: string;
  username?: string;
}

export function IssueCertificateModal({ open, forest, onClose, onIssued }: { open: boolean; forest: AgencyForest; onClose(): void; onIssued(c: Certificate): void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form) ?? 'agency';

  const submit = async (v: Values) => {
    const cert = await adminApi.issueCertificate(v.kind === 'agency' ? { kind: 'agency', agencyCode: v.agencyCode! } : { kind: 'user', username: v.username! });
    void message.success(t('admin.certs.issued', { subject: cert.subject }));
    onIssued(cert);
  };

  return (
    <FormModal
      form={form}
      onSubmit={submit}
      onClose={onClose}
      open={open}
      title={t('admin.certs.issueTitle')}
      okText={t('admin.certs.issue')}
    >
      <Form<Values> name="issue-certificate" form={form} layout="vertical" preserve={false} initialValues={{ kind: 'agency' }}>
        <Form.Item name="kind" label={t('admin.certs.issueFor')}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={[
              { value: 'agency', label: t('admin.certs.issueForAgency') },
              { value: 'user', label: t('admin.certs.issueForUser') },
            ]}
          />
        </Form.Item>
        {kind === 'agency' ? (
          <>
            <Form.Item name="agencyCode" label={t('directory.col.agency')} rules={[{ required: true, message: t('admin.certs.selectAgency') }]}>
              <AgencySelect forest={forest} placeholder={t('admin.certs.selectAgency')} />
            </Form.Item>
            <Alert type="info" showIcon title={t('admin.certs.issueAgencyHelp')} />
          </>
        ) : (
          <Form.Item name="username" label={t('directory.col.name')} rules={[{ required: true, message: t('admin.certs.selectUser') }]}>
            <UserPicker placeholder={t('admin.certs.selectUser')} />
          </Form.Item>
        )}
      </Form>
    </FormModal>
  );
}
