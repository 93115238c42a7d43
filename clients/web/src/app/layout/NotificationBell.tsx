import { useState } from 'react';
import { Badge, Button, Dropdown, Empty } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import type { Notification } from '@yizhan/protocol';
import { useT } from '../i18n';
import { useRealtime } from '../realtime/RealtimeProvider';
import { RelativeTime } from '../components/RelativeTime';

const SHOWN = 8;

export function NotificationBell() {
  const t = useT();
  const navigate = useNavigate();
  const { notifications, unread, markAllRead, markOneRead } = useRealtime();
  const [open, setOpen] = useState(false);

  const openOne = (n: Notification) => {
    void markOneRead(n.id);
    if (n.link) {
      setOpen(false);
      navigate(n.link);
    }
  };

  const panel = (
    <div className="yz-notify-panel">
      <div className="yz-notify-head">
        <span>{t('header.notifications')}</span>
        <Button type="link" size="small" disabled={unread === 0} onClick={() => void markAllRead()}>
          {t('header.markAllRead')}
        </Button>
      </div>
      <div className="yz-notify-list">
        {notifications.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('header.noNotifications')} style={{ padding: '16px 0' }} />
        ) : (
          notifications.slice(0, SHOWN).map((n) => (
            <button key={n.id} type="button" className={`yz-notify-item${n.read ? '' : ' unread'}`} onClick={() => openOne(n)}>
              <div className="yz-notify-title">{n.title}</div>
              {n.body && <div className="yz-notify-body">{n.body}</div>}
              <div className="yz-notify-time">
                <RelativeTime value={n.createdAt} />
              </div>
            </button>
          ))
        )}
      </div>
    </div>
  );

  return (
    <Dropdown trigger={['click']} open={open} onOpenChange={setOpen} popupRender={() => panel} placement="bottomRight">
      <span data-testid="notification-badge" data-unread={unread} style={{ display: 'inline-flex' }}>
        <Button type="text" size="large" aria-label={`${t('header.notifications')} (${unread})`} style={{ paddingInline: 10 }}>
          <Badge count={unread} overflowCount={99} size="small" offset={[2, -2]}>
            <BellOutlined style={{ fontSize: 18, color: '#fff' }} />
          </Badge>
        </Button>
      </span>
    </Dropdown>
  );
}
