import { App, Form, Input } from 'antd';
import { UsernameSchema, type Person, type Role } from '@yizhan/protocol';
import { useT } from '../../../app/i18n';
import { FormModal } from '../../../app/components/FormModal';
import type { AgencyForest } from '../../directory/agency-tree';
import { AgencySelect } from '../AgencySelect';
import { adminApi } from '../admin-api';
import { schemaRule } from '../form-rules';
import { RoleCheckboxes } from './RoleCheckboxes';
import { confirmPasswordRules, passwordRules } from './password-rules';

interface Values {
  username: string;
  name: string;
  agencyCode: string;
  title?: string;
  roles: Role[];
  password: string;
  confirm: string;
}

interface Props {
  open: boolean;
  forest: AgencyForest;
  defaultAgency?: string;
  onClose(): void;
  onCreated(person: Person): void;
}

export function CreateUserModal({ open, forest, defaultAgency, onClose, onCreated }: Props) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();

  const submit = async (v: Values) => {
    const person = await adminApi.createUser({
      username: v.username,
      name: v.name.trim(),
      agencyCode: v.agencyCode,
      roles: v.roles,
      title: (v.title ?? '').trim(),
      password: v.password,
    });
    void message.success(t('admin.users.created', { name: person.name }));
    onCreated(person);
  };

  return (
    <FormModal
      form={form}
      onSubmit={submit}
      onClose={onClose}
      open={open}
      title={t('admin.users.create')}
      okText={t('common.create')}
    >
      <Form<Values> name="user-create" form={form} layout="vertical" requiredMark="optional" preserve={false} initialValues={{ agencyCode: defaultAgency, roles: ['staff'] }}>
        <Form.Item
          name="username"
          label={t('directory.col.username')}
          extra={t('admin.users.usernameHelp')}
          normalize={(v: string) => v?.trim().toLowerCase()}
          rules={[{ required: true, message: t('admin.users.usernameRequired') }, schemaRule(UsernameSchema, t('admin.users.usernameInvalid'))]}
        >
          <Input maxLength={32} autoCapitalize="none" autoComplete="off" spellCheck={false} className="yz-mono" />
        </Form.Item>
        <Form.Item name="name" label={t('directory.col.name')} rules={[{ required: true, whitespace: true, message: t('admin.users.nameRequired') }, { max: 32 }]}>
          <Input maxLength={32} />
        </Form.Item>
        <Form.Item name="agencyCode" label={t('directory.col.agency')} rules={[{ required: true, message: t('admin.users.agencyRequired') }]}>
          <AgencySelect forest={forest} placeholder={t('admin.certs.selectAgency')} />
        </Form.Item>
        <Form.Item name="title" label={t('directory.col.title')} rules={[{ max: 32 }]}>
          <Input maxLength={32} />
        </Form.Item>
        <Form.Item name="roles" label={t('directory.col.roles')} rules={[{ required: true, type: 'array', min: 1, message: t('admin.users.rolesRequired') }]}>
          <RoleCheckboxes />
        </Form.Item>
        <Form.Item name="password" label={t('auth.password')} rules={passwordRules(t)}>
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
        <Form.Item name="confirm" label={t('admin.users.confirmPassword')} dependencies={['password']} rules={confirmPasswordRules(t)}>
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
