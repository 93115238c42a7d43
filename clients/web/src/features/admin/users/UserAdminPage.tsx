import { useEffect, useState } from 'react';
import { App, Button, Card, Dropdown, Input, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { EditOutlined, KeyOutlined, MoreOutlined, PlusOutlined, SearchOutlined, StopOutlined, CheckCircleOutlined } from '@ant-design/icons';
import type { Person } from '@yizhan/protocol';
import { useT } from '../../../app/i18n';
import { useApi } from '../../../app/hooks/useApi';
import { useDebounced } from '../../../app/hooks/useDebounced';
import { useReportError } from '../../../app/hooks/useReportError';
import { useCurrentUser } from '../../../app/auth/AuthProvider';
import { RoleTags } from '../../../app/components/RoleTags';
import { CopyableMail } from '../../../app/components/CopyableMail';
import { LoadError } from '../../../app/components/LoadError';
import { useAgencies } from '../../directory/useAgencies';
import { AgencySelect } from '../AgencySelect';
import { adminApi } from '../admin-api';
import { CreateUserModal } from './CreateUserModal';
import { EditUserModal } from './EditUserModal';
import { ResetPasswordModal } from './ResetPasswordModal';

/** 用户管理: find people (disabled ones too), create them, change roles, disable, reset passwords. */
export default function UserAdminPage() {
  const t = useT();
  const me = useCurrentUser();
  const { modal, message } = App.useApp();
  const reportError = useReportError();
  const agencies = useAgencies();

  const [agency, setAgency] = useState<string>();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Person | null>(null);
  const [resetting, setResetting] = useState<Person | null>(null);

  useEffect(() => setPage(1), [agency, q]);

  const users = useApi(
    (signal) => adminApi.listUsers({ agency, q: q || undefined, limit: pageSize, offset: (page - 1) * pageSize }, signal),
    [agency, q, page, pageSize],
  );

  const toggleDisabled = (p: Person) => {
    const disabling = !p.disabled;
    modal.confirm({
      title: disabling ? t('admin.users.disable') : t('admin.users.enable'),
      content: t(disabling ? 'admin.users.disableConfirm' : 'admin.users.enableConfirm', { name: p.name }),
      okText: disabling ? t('admin.users.disable') : t('admin.users.enable'),
      okButtonProps: { danger: disabling },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await adminApi.updateUser(p.username, { disabled: disabling });
          void message.success(t(disabling ? 'admin.users.disabledDone' : 'admin.users.enabledDone', { name: p.name }));
          users.reload();
        } catch (e) {
          reportError(e);
        }
      },
    });
  };

  const columns: TableColumnsType<Person> = [
    {
      key: 'name',
      title: t('directory.col.name'),
      fixed: 'left',
      width: 130,
      render: (_, p) => (
        <div style={{ whiteSpace: 'nowrap' }}>
          <Typography.Text strong delete={p.disabled}>
            {p.name}
          </Typography.Text>
          <div>
            <Typography.Text type="secondary" className="yz-mono">
              {p.username}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      key: 'status',
      title: t('admin.users.status'),
      width: 90,
      render: (_, p) => (p.disabled ? <Tag color="default">{t('admin.users.disabled')}</Tag> : <Tag color="green">{t('admin.users.active')}</Tag>),
    },
    { key: 'agency', dataIndex: 'agencyName', title: t('directory.col.agency'), width: 200 },
    { key: 'title', dataIndex: 'title', title: t('directory.col.title'), width: 140, render: (v: string) => v || '—' },
    { key: 'roles', title: t('directory.col.roles'), width: 200, render: (_, p) => <RoleTags roles={p.roles} /> },
    { key: 'mail', title: t('directory.col.mail'), width: 300, render: (_, p) => <CopyableMail address={p.mailAddress} /> },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      width: 150,
      render: (_, p) => (
        <Space size={0}>
          <Button type="link" icon={<EditOutlined />} onClick={() => setEditing(p)} style={{ paddingInline: 6 }}>
            {t('common.edit')}
          </Button>
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'reset', icon: <KeyOutlined />, label: t('admin.users.resetPassword'), onClick: () => setResetting(p) },
                p.disabled
                  ? { key: 'enable', icon: <CheckCircleOutlined />, label: t('admin.users.enable'), onClick: () => toggleDisabled(p) }
                  : {
                      key: 'disable',
                      icon: <StopOutlined />,
                      danger: true,
                      label: t('admin.users.disable'),
                      disabled: p.username === me.username,
                      onClick: () => toggleDisabled(p),
                    },
              ],
            }}
          >
            <Button type="link" icon={<MoreOutlined />} style={{ paddingInline: 6 }}>
              {t('admin.users.more')}
            </Button>
          </Dropdown>
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={t('admin.users.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('admin.users.create')}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <AgencySelect
          forest={agencies.forest}
          value={agency}
          onChange={setAgency}
          placeholder={t('admin.users.filterAgency')}
          allowClear
          style={{ width: 260 }}
        />
        <Input
          allowClear
          prefix={<SearchOutlined style={{ color: 'rgba(0,0,0,0.35)' }} />}
          placeholder={t('admin.users.filterQuery')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          style={{ width: 240 }}
        />
      </Space>
      {users.error && <LoadError error={users.error} onRetry={users.reload} />}
      <Table<Person>
        rowKey="username"
        size="middle"
        columns={columns}
        dataSource={users.data?.users ?? []}
        loading={users.loading}
        scroll={{ x: 1300 }}
        pagination={{
          current: page,
          pageSize,
          total: users.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (n) => t('common.total', { total: n }),
          onChange: (p, size) => {
            setPage(size === pageSize ? p : 1);
            setPageSize(size);
          },
        }}
      />
      <CreateUserModal
        open={creating}
        forest={agencies.forest}
        defaultAgency={agency}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          users.reload();
        }}
      />
      <EditUserModal
        person={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          users.reload();
        }}
      />
      <ResetPasswordModal person={resetting} onClose={() => setResetting(null)} />
    </Card>
  );
}
