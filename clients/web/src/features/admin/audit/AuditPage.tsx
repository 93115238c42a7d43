import { useState } from 'react';
import { Button, Card, Select, Space, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { LeftOutlined, ReloadOutlined, RightOutlined, SafetyOutlined, VerticalRightOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { AuditEntryDto } from '@yizhan/protocol';
import { useT } from '../../../app/i18n';
import { useApi } from '../../../app/hooks/useApi';
import { useReportError } from '../../../app/hooks/useReportError';
import { LoadError } from '../../../app/components/LoadError';
import { useAgencies } from '../../directory/useAgencies';
import { adminApi, type AuditVerifyResult } from '../admin-api';
import { auditActionLabel } from '../admin-labels';
import { currentCursor, firstPage, mayHaveMore, nextPage, prevPage } from './audit-paging';
import { VerifyResult } from './VerifyResult';

const PAGE_SIZES = [20, 50, 100];

function detailsText(details: Record<string, unknown>): string {
  const keys = Object.keys(details);
  return keys.length === 0 ? '' : JSON.stringify(details);
}

/** 审计日志: the hash-chained log, newest first, and a check of the whole chain. */
export default function AuditPage() {
  const t = useT();
  const reportError = useReportError();
  const agencies = useAgencies();
  const [limit, setLimit] = useState(50);
  const [paging, setPaging] = useState(firstPage);
  const [verifying, setVerifying] = useState(false);
  const [verifyResult, setVerifyResult] = useState<AuditVerifyResult | null>(null);

  const before = currentCursor(paging);
  const audit = useApi((signal) => adminApi.listAudit({ before, limit }, signal), [before, limit]);
  const entries = audit.data?.entries ?? [];

  const verify = async () => {
    setVerifying(true);
    try {
      setVerifyResult(await adminApi.verifyAudit());
    } catch (e) {
      reportError(e);
    } finally {
      setVerifying(false);
    }
  };

  const columns: TableColumnsType<AuditEntryDto> = [
    { key: 'seq', dataIndex: 'seq', title: t('admin.audit.col.seq'), width: 80, render: (v: number) => <span className="yz-mono">{v}</span> },
    {
      key: 'at',
      dataIndex: 'at',
      title: t('admin.audit.col.at'),
      width: 170,
      render: (v: string) => <span className="yz-nowrap">{dayjs(v).format('YYYY-MM-DD HH:mm:ss')}</span>,
    },
    { key: 'actor', dataIndex: 'actor', title: t('admin.audit.col.actor'), width: 120, render: (v: string) => <span className="yz-mono">{v}</span> },
    {
      key: 'agency',
      dataIndex: 'agencyCode',
      title: t('admin.audit.col.agency'),
      width: 160,
      render: (v: string | null) => (v ? (agencies.forest.byCode.get(v)?.agency.shortName ?? v) : '—'),
    },
    {
      key: 'action',
      dataIndex: 'action',
      title: t('admin.audit.col.action'),
      width: 160,
      render: (v: string) => (
        <Tooltip title={v}>
          <span className="yz-nowrap">{auditActionLabel(v, t)}</span>
        </Tooltip>
      ),
    },
    {
      key: 'target',
      title: t('admin.audit.col.target'),
      width: 220,
      render: (_, e) => (
        <span className="yz-mono" style={{ wordBreak: 'break-all' }}>
          {e.targetType}:{e.targetId}
        </span>
      ),
    },
    {
      key: 'details',
      title: t('admin.audit.col.details'),
      render: (_, e) => {
        const text = detailsText(e.details);
        return text ? (
          <Typography.Text className="yz-mono" ellipsis={{ tooltip: text }} style={{ maxWidth: 320 }}>
            {text}
          </Typography.Text>
        ) : (
          '—'
        );
      },
    },
  ];

  const hasMore = mayHaveMore(entries.length, limit);
  return (
    <Card
      title={t('admin.audit.title')}
      extra={
        <Space wrap style={{ padding: '6px 0' }}>
          <Button icon={<ReloadOutlined />} onClick={audit.reload} loading={audit.loading && !!audit.data}>
            {t('common.refresh')}
          </Button>
          <Button type="primary" icon={<SafetyOutlined />} loading={verifying} onClick={() => void verify()}>
            {t('admin.audit.verify')}
          </Button>
        </Space>
      }
    >
      {verifyResult && <VerifyResult result={verifyResult} onClose={() => setVerifyResult(null)} />}
      {audit.error && <LoadError error={audit.error} onRetry={audit.reload} />}
      <Table<AuditEntryDto>
        rowKey="seq"
        size="middle"
        columns={columns}
        dataSource={entries}
        loading={audit.loading}
        scroll={{ x: 'max-content' }}
        pagination={false}
      />
      <Space wrap style={{ marginTop: 16, width: '100%', justifyContent: 'flex-end' }}>
        <Typography.Text type="secondary">{t('common.page', { page: paging.index + 1 })}</Typography.Text>
        <Button icon={<VerticalRightOutlined />} disabled={paging.index === 0} onClick={() => setPaging(firstPage())}>
          {t('common.firstPage')}
        </Button>
        <Button icon={<LeftOutlined />} disabled={paging.index === 0} onClick={() => setPaging(prevPage)}>
          {t('common.prevPage')}
        </Button>
        <Button disabled={!hasMore || audit.loading} onClick={() => setPaging((p) => nextPage(p, entries.at(-1)?.seq))}>
          {t('common.nextPage')} <RightOutlined />
        </Button>
        <Select<number>
          value={limit}
          onChange={(v) => {
            setLimit(v);
            setPaging(firstPage());
          }}
          options={PAGE_SIZES.map((s) => ({ value: s, label: t('admin.audit.pageSize', { size: s }) }))}
          style={{ width: 120 }}
        />
      </Space>
    </Card>
  );
}
