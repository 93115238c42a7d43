import { Badge, Button, Card, Empty, List, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useT } from '../../app/i18n';
import { useRealtime } from '../../app/realtime/RealtimeProvider';
import { RelativeTime } from '../../app/components/RelativeTime';

const SHOWN = 10;

export function RecentNotifications() {
  const t = useT();
  const navigate = useNavigate();
  const { notifications, unread, loaded, markAllRead, markOneRead } = useRealtime();

  return (
    <Card
      title={t('workspace.notifications')}
      extra={
        unread > 0 && (
          <Button type="link" size="small" onClick={() => void markAllRead()} style={{ paddingInline: 0 }}>
            {t('header.markAllRead')}
          </Button>
        )
      }
      styles={{ body: { paddingTop: 8, paddingBottom: 8 } }}
    >
      {unread > 0 && (
        <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 4 }}>
          {t('workspace.unreadCount', { count: unread })}
        </Typography.Text>
      )}
      <List
        loading={!loaded}
        dataSource={notifications.slice(0, SHOWN)}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workspace.notificationsEmpty')} /> }}
        renderItem={(n) => (
          <List.Item
            key={n.id}
            style={{ cursor: n.link || !n.read ? 'pointer' : undefined, paddingInline: 4 }}
            onClick={() => {
              void markOneRead(n.id);
              if (n.link) navigate(n.link);
            }}
          >
            <List.Item.Meta
              title={
                <span style={{ display: 'flex', alignItems: 'center', gap: 6, minWidth: 0 }}>
                  {!n.read && <Badge status="error" />}
                  <Typography.Text ellipsis style={{ fontWeight: n.read ? 400 : 600 }}>
                    {n.title}
                  </Typography.Text>
                </span>
              }
              description={
                <>
                  {n.body && (
                    <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ marginBottom: 2 }}>
                      {n.body}
                    </Typography.Paragraph>
                  )}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    <RelativeTime value={n.createdAt} />
                  </Typography.Text>
                </>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
