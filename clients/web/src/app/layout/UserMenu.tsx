import { App, Avatar, Button, Dropdown, type MenuProps } from 'antd';
import { LogoutOutlined, MailOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useAuth, useCurrentUser } from '../auth/AuthProvider';
import { useT } from '../i18n';
import { RoleTags } from '../components/RoleTags';

export function UserMenu() {
  const user = useCurrentUser();
  const { logout } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const t = useT();

  const doLogout = async () => {
    try {
      await logout();
    } catch {
      // The session is forgotten locally either way.
    }
    navigate('/login', { replace: true });
    void message.success(t('auth.loggedOut'));
  };

  const items: MenuProps['items'] = [
    {
      key: 'who',
      disabled: true,
      style: { cursor: 'default', color: 'inherit' },
      label: (
        <div style={{ padding: '4px 0', maxWidth: 280 }}>
          <div style={{ fontWeight: 600, fontSize: 15 }}>{user.name}</div>
          <div style={{ color: 'rgba(0,0,0,0.65)', whiteSpace: 'normal' }}>
            {user.agencyName}
            {user.title ? ` · ${user.title}` : ''}
          </div>
          <div style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12, marginTop: 2 }}>
            <MailOutlined /> {user.mailAddress}
          </div>
          <div style={{ marginTop: 6 }}>
            <RoleTags roles={user.roles} />
          </div>
        </div>
      ),
    },
    { type: 'divider' },
    {
      key: 'logout',
      icon: <LogoutOutlined />,
      danger: true,
      label: <span data-testid="logout">{t('auth.logout')}</span>,
      onClick: () => void doLogout(),
    },
  ];

  return (
    <Dropdown menu={{ items }} trigger={['click']} placement="bottomRight">
      <Button type="text" size="large" data-testid="user-menu" aria-label={t('header.userMenu')} style={{ paddingInline: 8 }}>
        <Avatar size={28} style={{ background: '#b3262d', flex: 'none' }}>
          {user.name.slice(0, 1)}
        </Avatar>
        <span className="yz-user-name">{user.name}</span>
      </Button>
    </Dropdown>
  );
}
