import { useMemo } from 'react';
import { Button, Card, Col, DatePicker, Form, Input, Row, Segmented, Table, Tag, TreeSelect, Typography, type TableColumnsType } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router';
import dayjs, { type Dayjs } from 'dayjs';
import { useT } from '../../../app/i18n';
import { useApi } from '../../../app/hooks/useApi';
import { LoadError } from '../../../app/components/LoadError';
import type { AgencyNode } from '../../directory/agency-tree';
import { docApi, type Direction, type SearchHit, type SearchParams } from '../api';
import { useRecipientDirectory } from '../useRecipientDirectory';
import { searchParamsFromUrl, searchParamsToUrl, statusLabelKey } from './search-params';
import '../documents.css';

interface FormValues {
  q?: string;
  docNumber?: string;
  agency?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
  direction: Direction;
}

interface Option {
  value: string;
  title: string;
  children?: Option[];
}
const toOptions = (nodes: AgencyNode[]): Option[] =>
  nodes.map((n) => ({ value: n.agency.code, title: n.agency.name, children: n.children.length ? toOptions(n.children) : undefined }));

/** 公文检索: words in title and 正文, 文号, the other agency, a date range; sent, received or both. */
export default function SearchPage() {
  const t = useT();
  const [url, setUrl] = useSearchParams();
  const params = useMemo(() => searchParamsFromUrl(url), [url]);
  const asked = url.toString().length > 0;
  const directory = useRecipientDirectory();
  const treeData = useMemo(() => toOptions(directory.forest.roots), [directory.forest]);
  const [form] = Form.useForm<FormValues>();

  const result = useApi((signal) => (asked ? docApi.search(params, signal) : Promise.resolve({ hits: [] as SearchHit[] })), [url.toString()]);

  const submit = (v: FormValues) => {
    const next: SearchParams = {
      q: v.q?.trim() || undefined,
      docNumber: v.docNumber?.trim() || undefined,
      agency: v.agency || undefined,
      from: v.range?.[0] ? v.range[0].format('YYYY-MM-DD') : undefined,
      to: v.range?.[1] ? v.range[1].format('YYYY-MM-DD') : undefined,
      direction: v.direction,
    };
    setUrl(searchParamsToUrl(next));
  };

  const columns: TableColumnsType<SearchHit> = [
    {
      key: 'direction',
      title: t('search.col.direction'),
      width: 76,
      render: (_, h) => <Tag color={h.direction === 'sent' ? 'volcano' : 'blue'}>{t(h.direction === 'sent' ? 'search.sent' : 'search.received')}</Tag>,
    },
    {
      key: 'title',
      title: t('doc.field.title'),
      render: (_, h) => (
        <Link to={h.direction === 'received' && h.deliveryId ? `/incoming/${h.deliveryId}` : `/documents/${h.documentId}`} data-testid="search-hit">
          {h.title}
        </Link>
      ),
    },
    { key: 'docNumber', title: t('doc.field.docNumber'), width: 150, render: (_, h) => <span className="yz-nowrap">{h.docNumber ?? '—'}</span> },
    { key: 'agency', title: t('search.col.agency'), width: 170, dataIndex: 'agencyName' },
    { key: 'date', title: t('search.col.date'), width: 110, render: (_, h) => dayjs(h.date).format('YYYY-MM-DD') },
    { key: 'status', title: t('doc.col.status'), width: 90, render: (_, h) => t(statusLabelKey(h.status)) },
  ];

  return (
    <div data-testid="search-page">
      <Card size="small" title={t('nav.documents.search')} style={{ marginBottom: 16 }}>
        <Form<FormValues>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{
            q: params.q,
            docNumber: params.docNumber,
            agency: params.agency,
            range: params.from || params.to ? [params.from ? dayjs(params.from) : null, params.to ? dayjs(params.to) : null] : null,
            direction: params.direction,
          }}
        >
          <Row gutter={16}>
            <Col xs={24} md={12} xl={8}>
              <Form.Item name="q" label={t('search.q')}>
                <Input allowClear placeholder={t('search.qPlaceholder')} data-testid="search-q" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={8}>
              <Form.Item name="docNumber" label={t('doc.field.docNumber')}>
                <Input allowClear placeholder={t('search.docNumberPlaceholder')} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={8}>
              <Form.Item name="agency" label={t('search.agency')}>
                <TreeSelect
                  allowClear
                  showSearch={{ treeNodeFilterProp: 'title' }}
                  treeData={treeData}
                  placeholder={t('search.agencyPlaceholder')}
                  loading={directory.loading}
                  popupMatchSelectWidth={false}
                  treeDefaultExpandedKeys={directory.forest.roots.map((r) => r.agency.code)}
                  listHeight={360}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={8}>
              <Form.Item name="range" label={t('search.range')}>
                <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={8}>
              <Form.Item name="direction" label={t('search.direction')}>
                <Segmented<Direction>
                  options={[
                    { value: 'all', label: t('search.all') },
                    { value: 'sent', label: t('search.sent') },
                    { value: 'received', label: t('search.received') },
                  ]}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={8} style={{ display: 'flex', alignItems: 'flex-end' }}>
              <Form.Item>
                <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="search-submit">
                  {t('search.submit')}
                </Button>
                <Button
                  type="link"
                  onClick={() => {
                    form.resetFields();
                    form.setFieldsValue({ q: undefined, docNumber: undefined, agency: undefined, range: null, direction: 'all' });
                    setUrl(new URLSearchParams());
                  }}
                >
                  {t('common.reset')}
                </Button>
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>
      {asked && (
        <Card size="small" title={result.data ? t('search.results', { n: result.data.hits.length }) : t('search.results', { n: '…' })}>
          {result.error && <LoadError error={result.error} onRetry={result.reload} />}
          <Table<SearchHit>
            data-testid="search-results"
            rowKey={(h) => `${h.direction}:${h.deliveryId ?? h.documentId}`}
            size="middle"
            columns={columns}
            dataSource={result.data?.hits ?? []}
            loading={result.loading}
            scroll={{ x: 760 }}
            locale={{ emptyText: t('search.none') }}
            pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
          />
        </Card>
      )}
      {!asked && (
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center', marginTop: 32 }}>
          {t('search.hint')}
        </Typography.Paragraph>
      )}
    </div>
  );
}
