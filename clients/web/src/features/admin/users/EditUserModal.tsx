import { App, Form, Input } from 'antd';
import type { Person, Role, UpdateUserRequest } from '@yizhan/protocol';
import { useT } from '../../../app/i18n';
import { FormModal } from '../../../app/components/FormModal';
import { adminApi } from '../admin-api';
import { RoleCheckboxes } from './RoleCheckboxes';

interface Values {
  name: string;
  title: string;
  roles: Role[];
}

function sameRoles(a: readonly Role[], b: readonly Role[]): boolean {
  return a.length === b.length && a.every((r) => b.includes(r));
}

/** Name, title and roles of one user. */
export function EditUserModal({ person, onClose, onSaved }: { person: Person | null; onClose(): void; onSaved(p: Person): void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();

  const submit = async (v: Values) => {
    if (!person) return;
    const changes: UpdateUserRequest = {};
    if (v.name.trim() !== person.name) changes.name = v.name.trim();
    if ((v.title ?? '').trim() !== person.title) changes.title = (v.title ?? '').trim();
    if (!sameRoles(v.roles, person.roles)) changes.roles = v.roles;
    if (Object.keys(changes).length === 0) return onClose();
    const saved = await adminApi.updateUser(person.username, changes);
    void message.success(t('admin.users.updated', { name: saved.name }));
    onSaved(saved);
  };

  return (
    <FormModal
      form={form}
      onSubmit={submit}
      onClose={onClose}
      open={!!person}
      title={person ? t('admin.users.editTitle', { name: person.name }) : ''}
      okText={t('common.save')}
    >
      {person && (
        <Form<Values> name="user-edit" form={form} layout="vertical" preserve={false} initialValues={{ name: person.name, title: person.title, roles: person.roles }}>
          <Form.Item label={t('directory.col.username')}>
            <span className="yz-mono">{person.username}</span> · {person.agencyName}
          </Form.Item>
          <Form.Item name="name" label={t('directory.col.name')} rules={[{ required: true, whitespace: true, message: t('admin.users.nameRequired') }, { max: 32 }]}>
            <Input maxLength={32} />
          </Form.Item>
          <Form.Item name="title" label={t('directory.col.title')} rules={[{ max: 32 }]}>
            <Input maxLength={32} />
          </Form.Item>
          <Form.Item name="roles" label={t('directory.col.roles')} rules={[{ required: true, type: 'array', min: 1, message: t('admin.users.rolesRequired') }]}>
            <RoleCheckboxes />
          </Form.Item>
        </Form>
      )}
    </FormModal>
  );
}
