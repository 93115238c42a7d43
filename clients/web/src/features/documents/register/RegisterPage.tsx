import { useState } from 'react';
import { Button, Card, Input, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { FileExcelOutlined, FileTextOutlined, SearchOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import dayjs from 'dayjs';
import type { RegisterEntry } from '@yizhan/protocol';
import { useT } from '../../../app/i18n';
import { useApi } from '../../../app/hooks/useApi';
import { useDebounced } from '../../../app/hooks/useDebounced';
import { LoadError } from '../../../app/components/LoadError';
import { docApi } from '../api';
import { UrgencyTag } from '../components/tags';
import '../documents.css';

/** The years offered: this year and the four before it. */
export function registerYears(now: Date): number[] {
  const y = now.getFullYear();
  return [y, y - 1, y - 2, y - 3, y - 4];
}

/** 收文登记簿: the agency's incoming register by year, searchable, exported as Excel or CSV. */
export default function RegisterPage() {
  const t = useT();
  /** 0: every year. */
  const [year, setYear] = useState<number>(() => new Date().getFullYear());
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const query = { year: year || undefined, q: q || undefined };
  const list = useApi((signal) => docApi.registerList(query, signal), [year, q]);

  const columns: TableColumnsType<RegisterEntry> = [
    {
      key: 'number',
      title: t('register.col.number'),
      width: 176,
      fixed: 'left',
      ellipsis: true,
      render: (_, e) => <Typography.Text strong>{e.registerNumber}</Typography.Text>,
    },
    { key: 'from', title: t('incoming.col.from'), width: 120, dataIndex: 'fromAgencyName' },
    { key: 'docNumber', title: t('doc.field.docNumber'), width: 150, ellipsis: true, render: (_, e) => e.docNumber },
    { key: 'title', title: t('doc.field.title'), width: 200, render: (_, e) => <Link to={`/incoming/${e.deliveryId}`}>{e.title}</Link> },
    { key: 'classification', title: t('doc.field.classification'), width: 60, render: (_, e) => t(`classification.${e.classification}`) },
    { key: 'urgency', title: t('doc.field.urgency'), width: 84, render: (_, e) => <UrgencyTag urgency={e.urgency} always /> },
    { key: 'received', title: t('register.col.received'), width: 100, render: (_, e) => dayjs(e.receivedAt).format('YYYY-MM-DD') },
    { key: 'by', title: t('register.col.registeredBy'), width: 76, dataIndex: 'registeredBy' },
    { key: 'proposal', title: t('register.col.proposal'), width: 150, render: (_, e) => e.proposal || <Typography.Text type="secondary">—</Typography.Text> },
  ];

  return (
    <div data-testid="register-page">
      <Card
        size="small"
        title={t('nav.documents.register')}
        extra={
          <Space wrap size={8} style={{ padding: '6px 0' }}>
            <Button icon={<FileExcelOutlined />} href={docApi.registerExportUrl('xlsx', query)} download data-testid="export-xlsx">
              {t('register.exportXlsx')}
            </Button>
            <Button icon={<FileTextOutlined />} href={docApi.registerExportUrl('csv', query)} download data-testid="export-csv">
              {t('register.exportCsv')}
            </Button>
          </Space>
        }
      >
        <Space wrap style={{ marginBottom: 12 }}>
          <Select<number>
            value={year}
            onChange={setYear}
            style={{ width: 120 }}
            aria-label={t('register.year')}
            options={[
              { value: 0, label: t('register.allYears') },
              ...registerYears(new Date()).map((y) => ({ value: y, label: t('register.yearOption', { year: y }) })),
            ]}
          />
          <Input
            allowClear
            prefix={<SearchOutlined style={{ color: 'rgba(0,0,0,0.35)' }} />}
            placeholder={t('register.search')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            style={{ width: 280 }}
          />
        </Space>
        {list.error && <LoadError error={list.error} onRetry={list.reload} />}
        <Table<RegisterEntry>
          data-testid="register-table"
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.entries ?? []}
          loading={list.loading}
          scroll={{ x: 1104 }}
          locale={{ emptyText: t('register.empty') }}
          pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true, showTotal: (n) => t('common.total', { total: n }) }}
        />
      </Card>
    </div>
  );
}
