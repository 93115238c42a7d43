import { useEffect, useState } from 'react';
import { Button, Card, Space, Table, Tabs, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link, useNavigate, useSearchParams } from 'react-router';
import dayjs from 'dayjs';
import type { DocumentSummary } from '@yizhan/protocol';
import { useT } from '../../../app/i18n';
import { useApi } from '../../../app/hooks/useApi';
import { useCurrentUser } from '../../../app/auth/AuthProvider';
import { useTodosChanged } from '../../../app/realtime/RealtimeProvider';
import { LoadError } from '../../../app/components/LoadError';
import { docApi, type DocumentBox } from '../api';
import { useDocexchangeEvents } from '../realtime';
import { useQuietReload } from '../useQuietReload';
import { DocStatusTag, UrgencyTag } from '../components/tags';
import '../documents.css';

const BOXES: DocumentBox[] = ['drafts', 'to-review', 'to-approve', 'in-progress', 'sent'];
const isBox = (v: string | null): v is DocumentBox => !!v && (BOXES as string[]).includes(v);

/** 发文: the agency's outgoing documents by box (草稿, 待核稿, 待签发, 办理中, 已发). */
export default function OutboxPage() {
  const t = useT();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const canDraft = me.roles.includes('clerk') || me.roles.includes('staff');
  const fallback: DocumentBox = canDraft ? 'drafts' : 'to-approve';
  const box = isBox(params.get('box')) ? (params.get('box') as DocumentBox) : fallback;
  const [page, setPage] = useState(1);
  const pageSize = 20;
  useEffect(() => setPage(1), [box]);

  const list = useApi((signal) => docApi.list(box, { limit: pageSize, offset: (page - 1) * pageSize }, signal), [box, page]);
  const { reloadQuietly, showLoading } = useQuietReload(`${box}:${page}`, list.loading, list.reload);
  useDocexchangeEvents({ 'document:updated': reloadQuietly, 'delivery:updated': reloadQuietly, onConnect: reloadQuietly });
  useTodosChanged((source) => source === 'docexchange' && reloadQuietly());

  const columns: TableColumnsType<DocumentSummary> = [
    {
      key: 'title',
      title: t('doc.field.title'),
      render: (_, d) => (
        <Space size={4} wrap>
          <UrgencyTag urgency={d.urgency} />
          <Link to={d.status === 'draft' ? `/documents/${d.id}/edit` : `/documents/${d.id}`} data-testid="outbox-title">
            {d.title}
          </Link>
        </Space>
      ),
    },
    { key: 'docNumber', title: t('doc.field.docNumber'), width: 150, render: (_, d) => d.docNumber ?? <Typography.Text type="secondary">—</Typography.Text> },
    { key: 'status', title: t('doc.col.status'), width: 100, render: (_, d) => <DocStatusTag status={d.status} /> },
    { key: 'drafter', title: t('doc.field.drafter'), width: 90, dataIndex: 'drafterName' },
    {
      key: 'progress',
      title: box === 'sent' ? t('doc.col.deliveries') : t('doc.col.updated'),
      width: box === 'sent' ? 200 : 140,
      render: (_, d) =>
        d.deliveryCounts ? (
          <span className="yz-nowrap">
            {t('doc.col.deliveryCounts', { signed: d.deliveryCounts.signed, total: d.deliveryCounts.total })}
            {d.deliveryCounts.returned > 0 && <Typography.Text type="danger">{t('doc.col.returnedCount', { n: d.deliveryCounts.returned })}</Typography.Text>}
            {d.deliveryCounts.overdue > 0 && <Typography.Text type="danger">{t('doc.col.overdueCount', { n: d.deliveryCounts.overdue })}</Typography.Text>}
          </span>
        ) : (
          dayjs(d.updatedAt).format('MM-DD HH:mm')
        ),
    },
  ];

  return (
    <div data-testid="outbox">
      <Card
        size="small"
        title={t('nav.documents.outbox')}
        extra={
          <Space>
            <Button type="text" icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={list.reload} />
            {canDraft && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/documents/new')}>
                {t('nav.documents.new')}
              </Button>
            )}
          </Space>
        }
      >
        <Tabs
          activeKey={box}
          onChange={(key) => setParams({ box: key }, { replace: true })}
          items={BOXES.map((b) => ({ key: b, label: <span data-testid={`box-${b}`}>{t(`doc.box.${b}`)}</span> }))}
        />
        {list.error && <LoadError error={list.error} onRetry={list.reload} />}
        <Table<DocumentSummary>
          data-testid="outbox-table"
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={showLoading}
          scroll={{ x: 720 }}
          locale={{ emptyText: t(`doc.box.empty.${box}`) }}
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
