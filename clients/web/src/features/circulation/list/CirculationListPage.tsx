/** 传阅: 待阅 / 已阅 for readers, 传阅管理 for clerks (with 发起传阅), 承办 for the assigned departments. */
import { useMemo, useState } from 'react';
import { Button, Card, Space, Table, Tabs, Tag, Typography } from 'antd';
import { ClockCircleOutlined, SendOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useNavigate, useSearchParams } from 'react-router';
import type { CirculationBox, CirculationSummary } from '@yizhan/protocol';
import { useT } from '../../../app/i18n';
import { useCurrentUser } from '../../../app/auth/AuthProvider';
import { useApi } from '../../../app/hooks/useApi';
import { useTodosChanged } from '../../../app/realtime/RealtimeProvider';
import { LoadError } from '../../../app/components/LoadError';
import { circulationApi } from '../api';
import { CIRCULATION_STATUS, TASK_STATUS } from '../labels';
import { StartCirculationModal } from '../route/StartCirculationModal';
import { useCirculationEvents } from '../useCirculationEvents';

export function CirculationListPage() {
  const t = useT();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const isClerk = me.roles.includes('clerk');
  const handles = isClerk || me.roles.includes('staff');
  const tabs = useMemo(() => {
    const list: Array<{ key: CirculationBox; label: string }> = [];
    if (isClerk) list.push({ key: 'managed', label: t('circ.box.managed') });
    list.push({ key: 'to-read', label: t('circ.box.toRead') }, { key: 'read', label: t('circ.box.read') });
    if (handles) list.push({ key: 'assigned', label: t('circ.box.assigned') });
    return list;
  }, [isClerk, handles, t]);
  const box = (params.get('box') as CirculationBox | null) ?? tabs[0].key;
  const { data, error, loading, reload } = useApi((signal) => circulationApi.list(box, signal), [box]);
  useTodosChanged((source) => source === 'circulation' && reload());
  useCirculationEvents(() => reload(), reload);
  const startFor = params.get('start');
  const [starting, setStarting] = useState(!!startFor);

  const columns = [
    {
      title: t('circ.col.title'),
      dataIndex: 'title',
      render: (_: unknown, r: CirculationSummary) => (
        <Space size={6} wrap>
          {r.urgency !== '普通' && <Tag color={r.urgency === '特急' ? 'red' : 'orange'}>{r.urgency}</Tag>}
          <Typography.Link onClick={() => navigate(`/circulation?id=${r.id}`)}>{r.title}</Typography.Link>
        </Space>
      ),
    },
    { title: t('circ.col.docNumber'), dataIndex: 'docNumber', width: 150 },
    { title: t('circ.col.from'), dataIndex: 'fromAgencyName', width: 170 },
    {
      title: t('circ.col.status'),
      width: 190,
      render: (_: unknown, r: CirculationSummary) => (
        <Space size={4} wrap>
          <Tag color={CIRCULATION_STATUS[r.status].color}>{t(CIRCULATION_STATUS[r.status].key)}</Tag>
          {r.myTaskStatus && box !== 'managed' && <Tag color={TASK_STATUS[r.myTaskStatus].color}>{t(TASK_STATUS[r.myTaskStatus].key)}</Tag>}
          {r.overdue && <Tag color="error">{t('circ.overdue')}</Tag>}
        </Space>
      ),
    },
    { title: t('circ.col.current'), width: 170, render: (_: unknown, r: CirculationSummary) => r.currentReaders.join('、') || '—' },
    {
      title: t('circ.col.deadline'),
      width: 120,
      render: (_: unknown, r: CirculationSummary) =>
        r.deadline ? (
          <Typography.Text type={r.overdue ? 'danger' : undefined}>
            <ClockCircleOutlined /> {dayjs(r.deadline).format('MM-DD HH:mm')}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
    { title: t('circ.col.started'), width: 120, render: (_: unknown, r: CirculationSummary) => dayjs(r.createdAt).format('MM-DD HH:mm') },
  ];

  return (
    <div data-testid="circulation-list">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Typography.Title level={4} className="yz-page-title" style={{ margin: 0 }}>
          {t('nav.circulation')}
        </Typography.Title>
        {isClerk && (
          <Button type="primary" icon={<SendOutlined />} onClick={() => setStarting(true)} data-testid="start-circulation-button">
            {t('circ.start.button')}
          </Button>
        )}
      </Space>
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs activeKey={box} items={tabs} onChange={(k) => setParams({ box: k })} />
        {error && <LoadError error={error} onRetry={reload} />}
        <Table<CirculationSummary>
          rowKey="id"
          size="middle"
          loading={loading && !data}
          dataSource={data?.items ?? []}
          columns={columns}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          onRow={(r) =>
            ({ onClick: () => navigate(`/circulation?id=${r.id}`), style: { cursor: 'pointer' }, 'data-testid': `circulation-row-${r.id}` }) as never
          }
          locale={{ emptyText: t('circ.list.empty') }}
          scroll={{ x: 900 }}
        />
      </Card>
      <StartCirculationModal
        open={starting}
        initialDeliveryId={startFor}
        onClose={() => setStarting(false)}
        onStarted={(id) => {
          setStarting(false);
          navigate(`/circulation?id=${id}`);
        }}
      />
    </div>
  );
}
