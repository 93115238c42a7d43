import { useState } from 'react';
import { Button, Card, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import dayjs from 'dayjs';
import type { Meeting } from '@yizhan/protocol';
import { useApi } from '../../app/hooks/useApi';
import { useCurrentUser } from '../../app/auth/AuthProvider';
import { LoadError } from '../../app/components/LoadError';
import { useTodosChanged } from '../../app/realtime/RealtimeProvider';
import { meetingsApi } from './api';
import { useMeetingsT } from './i18n';
import { MODE_KEYS, ROLE_KEYS, STATUS_COLORS } from './labels';
import { ScheduleMeetingModal } from './ScheduleMeetingModal';

const MAY_SCHEDULE = ['leader', 'clerk', 'admin', 'venue-operator'];

/** 视频会议: the meetings this user takes part in or may watch; scheduling a new one. */
export default function MeetingsPage() {
  const mt = useMeetingsT();
  const user = useCurrentUser();
  const list = useApi((signal) => meetingsApi.list(signal), []);
  const [scheduling, setScheduling] = useState(false);
  useTodosChanged((source) => source === 'conference' && list.reload());

  return (
    <Card
      title={mt('title')}
      data-testid="meetings"
      extra={
        user.roles.some((r) => MAY_SCHEDULE.includes(r)) && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setScheduling(true)} data-testid="schedule-meeting">
            {mt('schedule')}
          </Button>
        )
      }
    >
      {list.error && <LoadError error={list.error} onRetry={list.reload} />}
      <Table<Meeting>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: mt('empty') }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 900 }}
        columns={[
          { title: mt('col.title'), dataIndex: 'title', render: (title: string, m) => (m.myRole && m.myRole !== 'viewer' && m.status !== 'ended' ? <Link to={`/meetings/${m.id}`}>{title}</Link> : title) },
          { title: mt('col.startsAt'), dataIndex: 'startsAt', width: 150, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
          { title: mt('col.mode'), dataIndex: 'mode', width: 100, render: (v: Meeting['mode']) => mt(MODE_KEYS[v]) },
          { title: mt('col.chair'), width: 160, render: (_, m) => m.chairVenue.name },
          { title: mt('col.venues'), width: 70, render: (_, m) => m.venues.length },
          { title: mt('col.status'), dataIndex: 'status', width: 90, render: (v: Meeting['status']) => <Tag color={STATUS_COLORS[v]}>{mt(`status.${v}`)}</Tag> },
          { title: mt('col.role'), dataIndex: 'myRole', width: 90, render: (v: Meeting['myRole']) => (v ? mt(ROLE_KEYS[v]) : '') },
          {
            title: mt('col.actions'),
            width: 230,
            render: (_, m) => (
              <Space size="small" wrap>
                {m.myRole && m.myRole !== 'viewer' && m.status !== 'ended' && (
                  <Link to={`/meetings/${m.id}`} data-testid="enter-meeting">
                    {mt('action.enter')}
                  </Link>
                )}
                {m.liveBroadcast && m.status !== 'ended' && <Link to={`/meetings/${m.id}/live`}>{mt('action.watch')}</Link>}
                {m.recordings > 0 && <Link to={`/meetings/${m.id}/recordings`}>{mt('action.recordings', { n: m.recordings })}</Link>}
              </Space>
            ),
          },
        ]}
      />
      <ScheduleMeetingModal
        open={scheduling}
        onClose={() => setScheduling(false)}
        onScheduled={() => {
          setScheduling(false);
          list.reload();
        }}
      />
    </Card>
  );
}
