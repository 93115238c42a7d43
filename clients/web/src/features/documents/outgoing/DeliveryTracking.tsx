import { App, Button, Card, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { Delivery, DocumentDetail } from '@yizhan/protocol';
import { useT } from '../../../app/i18n';
import { userMessageOf } from '../../../app/api/api-error';
import { docApi } from '../api';
import { DeadlineCountdown, DeliveryStatusTag, OverdueTag, useNow } from '../components/tags';

const time = (iso: string | null) => (iso ? dayjs(iso).format('MM-DD HH:mm') : null);

/** 分发跟踪: one row per recipient agency, kept current by 'delivery:updated'. */
export function DeliveryTracking({ doc, onReminded }: { doc: DocumentDetail; onReminded(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const now = useNow();
  const [reminding, setReminding] = useState(false);
  const counts = doc.deliveryCounts;

  const remind = async () => {
    setReminding(true);
    try {
      const r = await docApi.remind(doc.id);
      void message.success(r.reminded > 0 ? t('tracking.reminded', { n: r.reminded }) : t('tracking.nothingToRemind'));
      onReminded();
    } catch (e) {
      void message.error(userMessageOf(e, t));
    } finally {
      setReminding(false);
    }
  };

  const columns: TableColumnsType<Delivery> = [
    {
      key: 'agency',
      title: t('tracking.col.agency'),
      render: (_, d) => (
        <Space size={4} wrap={false}>
          <span className="yz-tracking-agency">{d.agencyName}</span>
          <Tag bordered={false} color={d.kind === 'main' ? 'geekblue' : 'default'} style={{ marginInlineEnd: 0 }}>
            {t(d.kind === 'main' ? 'tracking.kind.main' : 'tracking.kind.cc')}
          </Tag>
        </Space>
      ),
    },
    {
      key: 'status',
      title: t('tracking.col.status'),
      width: 130,
      render: (_, d) => (
        <Space size={2} wrap>
          <DeliveryStatusTag status={d.status} />
          {d.overdue && <OverdueTag />}
        </Space>
      ),
    },
    {
      key: 'delivered',
      title: t('tracking.col.delivered'),
      width: 170,
      render: (_, d) =>
        d.deliveredAt ? (
          <div className="yz-cell-lines">
            <span>{time(d.deliveredAt)}</span>
            {d.status === 'delivered' && <DeadlineCountdown deadline={d.deadline} overdue={d.overdue} now={now} />}
            {d.remindedAt && <Typography.Text type="secondary">{t('tracking.remindedAt', { time: time(d.remindedAt)! })}</Typography.Text>}
          </div>
        ) : (
          <Typography.Text type="secondary">{t('tracking.notYet')}</Typography.Text>
        ),
    },
    {
      key: 'signed',
      title: t('tracking.col.signed'),
      width: 150,
      render: (_, d) =>
        d.signedAt ? (
          <div className="yz-cell-lines" data-testid="signed-cell">
            <span>{time(d.signedAt)}</span>
            <Typography.Text type="secondary">{d.signedBy}</Typography.Text>
          </div>
        ) : (
          '—'
        ),
    },
    {
      key: 'returned',
      title: t('tracking.col.returnReason'),
      render: (_, d) =>
        d.returnReason ? (
          <div className="yz-cell-lines" data-testid="return-cell">
            <Typography.Text type="danger">{d.returnReason}</Typography.Text>
            <Typography.Text type="secondary">{time(d.returnedAt)}</Typography.Text>
          </div>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <Card
      size="small"
      variant="borderless"
      title={
        counts ? (
          <span className="yz-tracking-summary" data-testid="tracking-summary">
            {t('tracking.summary', { total: counts.total, delivered: counts.delivered, signed: counts.signed, returned: counts.returned })}
            {counts.overdue > 0 && <Typography.Text type="danger">{t('tracking.summaryOverdue', { n: counts.overdue })}</Typography.Text>}
          </span>
        ) : (
          t('tracking.title')
        )
      }
      extra={
        doc.actions.includes('remind') && (
          <Button icon={<BellOutlined />} loading={reminding} onClick={() => void remind()} data-testid="remind">
            {t('doc.action.remind')}
          </Button>
        )
      }
      styles={{ body: { padding: 0 } }}
    >
      <Table<Delivery>
        data-testid="tracking-table"
        rowKey="agencyCode"
        size="middle"
        columns={columns}
        dataSource={doc.deliveries}
        pagination={doc.deliveries.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        scroll={{ x: 760 }}
        locale={{ emptyText: t('tracking.empty') }}
      />
    </Card>
  );
}
