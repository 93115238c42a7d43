import { useState } from 'react';
import { App, Form, Input, Modal } from 'antd';
import type { Person } from '@yizhan/protocol';
import { useT } from '../../../app/i18n';
import { useReportError } from '../../../app/hooks/useReportError';
import { adminApi } from '../admin-api';
import { confirmPasswordRules, passwordRules } from './password-rules';

export function ResetPasswordModal({ person, onClose }: { person: Person | null; onClose(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const reportError = useReportError();
  const [form] = Form.useForm<{ password: string; confirm: string }>();
  const [submitting, setSubmitting] = useState(false);

  const submit = async () => {
    if (!person) return;
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setSubmitting(true);
    try {
      await adminApi.resetPassword(person.username, v.password);
      void message.success(t('admin.users.resetPasswordDone', { name: person.name }));
      onClose();
    } catch (e) {
      reportError(e);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={!!person}
      title={person ? t('admin.users.resetPasswordTitle', { name: person.name }) : ''}
      okText={t('admin.users.resetPassword')}
      onOk={() => void submit()}
      confirmLoading={submitting}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Form name="reset-password" form={form} layout="vertical" preserve={false}>
        <Form.Item name="password" label={t('admin.users.newPassword')} rules={passwordRules(t)}>
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
        <Form.Item name="confirm" label={t('admin.users.confirmPassword')} dependencies={['password']} rules={confirmPasswordRules(t)}>
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
