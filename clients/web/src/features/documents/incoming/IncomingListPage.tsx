import { useEffect, useState } from 'react';
import { Badge, Button, Card, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router';
import dayjs from 'dayjs';
import type { IncomingItem } from '@yizhan/protocol';
import { useT } from '../../../app/i18n';
import { useApi } from '../../../app/hooks/useApi';
import { useTodosChanged } from '../../../app/realtime/RealtimeProvider';
import { LoadError } from '../../../app/components/LoadError';
import { docApi, type IncomingStatusFilter } from '../api';
import { useDocexchangeEvents } from '../realtime';
import { useQuietReload } from '../useQuietReload';
import { DeadlineCountdown, DeliveryStatusTag, UrgencyTag, useNow } from '../components/tags';
import '../documents.css';

const FILTERS: IncomingStatusFilter[] = ['pending', 'signed', 'returned', 'all'];
const isFilter = (v: string | null): v is IncomingStatusFilter => !!v && (FILTERS as string[]).includes(v);

/** 收文: what other agencies sent us, by status; new deliveries appear as they arrive. */
export default function IncomingListPage() {
  const t = useT();
  const now = useNow();
  const [params, setParams] = useSearchParams();
  const status: IncomingStatusFilter = isFilter(params.get('status')) ? (params.get('status') as IncomingStatusFilter) : 'pending';
  const [page, setPage] = useState(1);
  const pageSize = 20;
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  useEffect(() => setPage(1), [status]);

  const list = useApi((signal) => docApi.incoming(status, { limit: pageSize, offset: (page - 1) * pageSize }, signal), [status, page]);
  const pendingCount = useApi((signal) => docApi.incoming('pending', { limit: 1, offset: 0 }, signal), []);
  const { reloadQuietly, showLoading } = useQuietReload(`${status}:${page}`, list.loading, list.reload);
  const reloadAll = () => {
    reloadQuietly();
    pendingCount.reload();
  };
  useDocexchangeEvents({
    'document:incoming': (p) => {
      setFresh((s) => new Set(s).add(p.deliveryId));
      reloadAll();
    },
    onConnect: reloadAll,
  });
  useTodosChanged((source) => source === 'docexchange' && reloadAll());

  const columns: TableColumnsType<IncomingItem> = [
    {
      key: 'title',
      title: t('doc.field.title'),
      render: (_, d) => (
        <Space size={4} wrap>
          <UrgencyTag urgency={d.urgency} />
          {fresh.has(d.deliveryId) && <Badge status="processing" text={<span className="yz-new">{t('incoming.new')}</span>} />}
          <Link to={`/incoming/${d.deliveryId}`} data-testid="incoming-title">
            {d.title}
          </Link>
          {d.kind === 'cc' && <Tag bordered={false}>{t('tracking.kind.cc')}</Tag>}
        </Space>
      ),
    },
    { key: 'from', title: t('incoming.col.from'), width: 170, render: (_, d) => d.fromAgencyName },
    { key: 'docNumber', title: t('doc.field.docNumber'), width: 150, render: (_, d) => <span className="yz-nowrap">{d.docNumber}</span> },
    { key: 'received', title: t('incoming.col.received'), width: 110, render: (_, d) => (d.deliveredAt ? dayjs(d.deliveredAt).format('MM-DD HH:mm') : '—') },
    {
      key: 'deadline',
      title: status === 'pending' ? t('incoming.col.deadline') : t('tracking.col.status'),
      width: 190,
      render: (_, d) =>
        d.status === 'delivered' ? (
          <DeadlineCountdown deadline={d.deadline} overdue={d.overdue} now={now} />
        ) : (
          <Space size={4} wrap>
            <DeliveryStatusTag status={d.status} />
            {d.registerNumber && <Typography.Text type="secondary">{d.registerNumber}</Typography.Text>}
          </Space>
        ),
    },
  ];

  const pending = pendingCount.data?.total ?? 0;
  return (
    <div data-testid="incoming-list">
      <Card
        size="small"
        title={t('nav.documents.incoming')}
        extra={
          <Button
            type="text"
            icon={<ReloadOutlined />}
            aria-label={t('common.refresh')}
            onClick={() => {
              list.reload();
              pendingCount.reload();
            }}
          />
        }
      >
        <Tabs
          activeKey={status}
          onChange={(key) => setParams({ status: key }, { replace: true })}
          items={FILTERS.map((f) => ({
            key: f,
            label: (
              <span data-testid={`incoming-tab-${f}`}>
                {t(`incoming.filter.${f}`)}
                {f === 'pending' && pending > 0 && <Badge count={pending} size="small" style={{ marginInlineStart: 6 }} />}
              </span>
            ),
          }))}
        />
        {list.error && <LoadError error={list.error} onRetry={list.reload} />}
        <Table<IncomingItem>
          data-testid="incoming-table"
          rowKey="deliveryId"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={showLoading}
          rowClassName={(d) => (d.overdue ? 'yz-row-overdue' : '')}
          scroll={{ x: 760 }}
          locale={{ emptyText: t(`incoming.empty.${status}`) }}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            onChange: setPage,
            showSizeChanger: false,
            hideOnSinglePage: true,
            showTotal: (n) => t('common.total', { total: n }),
          }}
        />
      </Card>
    </div>
  );
}
