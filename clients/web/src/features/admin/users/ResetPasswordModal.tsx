import { App, Form, Input } from 'antd';
import type { Person } from '@yizhan/protocol';
import { useT } from '../../../app/i18n';
import { FormModal } from '../../../app/components/FormModal';
import { adminApi } from '../admin-api';
import { confirmPasswordRules, passwordRules } from './password-rules';

export function ResetPasswordModal({ person, onClose }: { person: Person | null; onClose(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string; confirm: string }>();

  const submit = async (v: { password: string; confirm: string }) => {
    if (!person) return;
    await adminApi.resetPassword(person.username, v.password);
    void message.success(t('admin.users.resetPasswordDone', { name: person.name }));
    onClose();
  };

  return (
    <FormModal
      form={form}
      onSubmit={submit}
      onClose={onClose}
      open={!!person}
      title={person ? t('admin.users.resetPasswordTitle', { name: person.name }) : ''}
      okText={t('admin.users.resetPassword')}
      width={520}
    >
      <Form name="reset-password" form={form} layout="vertical" preserve={false}>
        <Form.Item name="password" label={t('admin.users.newPassword')} rules={passwordRules(t)}>
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
        <Form.Item name="confirm" label={t('admin.users.confirmPassword')} dependencies={['password']} rules={confirmPasswordRules(t)}>
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
