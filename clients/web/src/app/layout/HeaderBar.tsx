import { Button, Layout, Tooltip } from 'antd';
import { DisconnectOutlined, MenuFoldOutlined, MenuUnfoldOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useT } from '../i18n';
import { useRealtime } from '../realtime/RealtimeProvider';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { NotificationBell } from './NotificationBell';
import { UserMenu } from './UserMenu';

export function HeaderBar({ collapsed, onToggle }: { collapsed: boolean; onToggle(): void }) {
  const t = useT();
  const { connected } = useRealtime();
  return (
    <Layout.Header className="yz-header">
      <Tooltip title={collapsed ? t('nav.expand') : t('nav.collapse')} placement="bottomLeft">
        <Button
          type="text"
          size="large"
          aria-label={collapsed ? t('nav.expand') : t('nav.collapse')}
          icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
          onClick={onToggle}
        />
      </Tooltip>
      <Link to="/" className="yz-brand">
        <span className="yz-logo" aria-hidden>
          驿
        </span>
        <span className="yz-brand-name">{t('app.name')}</span>
        <span className="yz-brand-sub">{t('app.subtitle')}</span>
      </Link>
      <span className="yz-header-spacer" />
      <div className="yz-header-actions">
        {!connected && (
          <Tooltip title={t('header.realtimeOffline')}>
            <span className="yz-offline" role="status">
              <DisconnectOutlined /> <span className="yz-offline-text">{t('header.realtimeOffline')}</span>
            </span>
          </Tooltip>
        )}
        <NotificationBell />
        <LanguageSwitch />
        <UserMenu />
      </div>
    </Layout.Header>
  );
}
