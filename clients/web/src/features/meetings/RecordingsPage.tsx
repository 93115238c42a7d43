import { useState } from 'react';
import { Button, Card, Empty, Table } from 'antd';
import { PlayCircleOutlined } from '@ant-design/icons';
import { useParams } from 'react-router';
import dayjs from 'dayjs';
import type { Recording } from '@yizhan/protocol';
import { useApi } from '../../app/hooks/useApi';
import { LoadError } from '../../app/components/LoadError';
import { meetingsApi } from './api';
import { useMeetingsT } from './i18n';
import { formatDuration, formatSize } from './labels';

/** 会议点播: a meeting's recordings, played in the page (the browser seeks with HTTP range requests). */
export default function RecordingsPage() {
  const { id = '' } = useParams();
  const mt = useMeetingsT();
  const meeting = useApi((signal) => meetingsApi.get(id, signal), [id]);
  const list = useApi((signal) => meetingsApi.recordings(id, signal), [id]);
  const [playing, setPlaying] = useState<Recording | null>(null);
  const error = meeting.error ?? list.error;
  const items = list.data?.items ?? [];
  const current = playing ?? items.at(-1) ?? null;

  return (
    <Card title={mt('recordings.title', { title: meeting.data?.title ?? '' })} data-testid="recordings">
      {error && <LoadError error={error} onRetry={list.reload} />}
      {current ? (
        <video key={current.id} src={current.url} controls preload="metadata" style={{ width: '100%', maxHeight: '60vh', background: '#000', marginBottom: 16 }} data-testid="playback-video" />
      ) : (
        !list.loading && <Empty description={mt('recordings.empty')} />
      )}
      <Table<Recording>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: mt('recordings.empty') }}
        columns={[
          { title: mt('recordings.col.startedAt'), dataIndex: 'startedAt', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm:ss') },
          { title: mt('recordings.col.duration'), dataIndex: 'durationMs', render: (v: number) => formatDuration(v) },
          { title: mt('recordings.col.source'), dataIndex: 'sourceName' },
          { title: mt('recordings.col.size'), dataIndex: 'size', render: (v: number) => formatSize(v) },
          {
            title: '',
            render: (_, r) => (
              <Button size="small" icon={<PlayCircleOutlined />} type={current?.id === r.id ? 'primary' : 'default'} onClick={() => setPlaying(r)}>
                {mt('recordings.play')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
