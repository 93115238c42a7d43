import { useState } from 'react';
import { Alert, Form, Modal, Select } from 'antd';
import type { DocumentDetail, Person } from '@yizhan/protocol';
import { useT } from '../../../app/i18n';
import { useCurrentUser } from '../../../app/auth/AuthProvider';
import { useApi } from '../../../app/hooks/useApi';
import { userMessageOf } from '../../../app/api/api-error';
import { docApi } from '../api';
import { buttonTestId } from '../components/test-id';

interface Props {
  open: boolean;
  documentId: string | null;
  onClose(): void;
  onSubmitted(detail: DocumentDetail): void;
}

const personLabel = (p: Person) => `${p.name}${p.title ? `（${p.title}）` : ''}`;

/** 送审: an optional 核稿人 of the agency, then the 签发人 — a leader of the agency. */
export function SubmitDialog({ open, documentId, onClose, onSubmitted }: Props) {
  const t = useT();
  const me = useCurrentUser();
  const [form] = Form.useForm<{ reviewer?: string; approver?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const people = useApi((signal) => (open ? docApi.people(me.agencyCode, signal) : Promise.resolve(undefined)), [open, me.agencyCode]);
  const users = (people.data?.users ?? []).filter((u) => !u.disabled);
  const leaders = users.filter((u) => u.roles.includes('leader'));
  const reviewers = users.filter((u) => u.username !== me.username);

  const submit = async () => {
    if (!documentId) return;
    const values = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const detail = await docApi.submit(documentId, { approver: values.approver!, ...(values.reviewer ? { reviewer: values.reviewer } : {}) });
      onSubmitted(detail);
    } catch (e) {
      setError(userMessageOf(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('doc.submit.title')}
      okText={t('doc.submit.ok')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => {})}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={buttonTestId('submit-ok')}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" preserve={false} data-testid="submit-form">
        <Form.Item name="reviewer" label={t('doc.submit.reviewer')} extra={t('doc.submit.reviewerHelp')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('doc.submit.reviewerPlaceholder')}
            loading={people.loading}
            options={reviewers.map((u) => ({ value: u.username, label: personLabel(u) }))}
            data-testid="submit-reviewer"
          />
        </Form.Item>
        <Form.Item
          name="approver"
          label={t('doc.submit.approver')}
          rules={[{ required: true, message: t('doc.submit.approverRequired') }]}
          extra={t('doc.submit.approverHelp')}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('doc.submit.approverPlaceholder')}
            loading={people.loading}
            options={leaders.map((u) => ({ value: u.username, label: personLabel(u) }))}
            notFoundContent={people.loading ? undefined : t('doc.submit.noLeaders')}
            data-testid="submit-approver"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
