import { useEffect, useState } from 'react';
import { Card, Table } from 'antd';
import type { MemberStats } from '@yizhan/protocol';
import type { ConferenceClient } from '../conference-client';
import type { MeetingsT } from '../i18n';

/** Per-venue bitrate, loss and RTT for the chair, refreshed every 3 s. */
export function StatsPanel({ client, mt }: { client: ConferenceClient; mt: MeetingsT }) {
  const [rows, setRows] = useState<MemberStats[]>([]);
  useEffect(() => {
    let alive = true;
    const load = () =>
      client
        .request<{ members: MemberStats[] }>('chair:stats', {})
        .then((r) => alive && setRows(r.members.filter((m) => m.online)))
        .catch(() => {});
    void load();
    const timer = setInterval(load, 3000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [client]);
  return (
    <Card size="small" title={mt('chair.stats')} data-testid="venue-stats">
      <Table<MemberStats>
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: mt('stats.venue'), dataIndex: 'name', ellipsis: true },
          { title: mt('stats.up'), dataIndex: 'sendKbps', width: 110 },
          { title: mt('stats.down'), dataIndex: 'recvKbps', width: 110 },
          { title: mt('stats.loss'), dataIndex: 'lossRate', width: 90, render: (v: number) => `${(v * 100).toFixed(1)}%` },
          { title: mt('stats.rtt'), dataIndex: 'rttMs', width: 90, render: (v: number | null) => v ?? '–' },
          { title: mt('stats.score'), dataIndex: 'score', width: 70, render: (v: number | null) => v ?? '–' },
        ]}
      />
    </Card>
  );
}
