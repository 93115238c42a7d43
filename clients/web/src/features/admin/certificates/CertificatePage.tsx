import { useEffect, useState } from 'react';
import { Button, Card, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { DownloadOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { Certificate } from '@yizhan/protocol';
import { useT } from '../../../app/i18n';
import { useApi } from '../../../app/hooks/useApi';
import { LoadError } from '../../../app/components/LoadError';
import { useAgencies } from '../../directory/useAgencies';
import { AgencySelect } from '../AgencySelect';
import { adminApi, CA_BUNDLE_URL, CRL_URL, type CertificateKind, type CertificateStatus } from '../admin-api';
import { CERT_KIND_COLORS, CERT_KIND_KEYS, CERT_STATUS_KEYS, revocationReasonLabel } from '../admin-labels';
import { IssueCertificateModal } from './IssueCertificateModal';
import { RevokeCertificateModal } from './RevokeCertificateModal';

/** The CA's own certificates are managed on the server, not revoked from here. */
const REVOCABLE: ReadonlySet<CertificateKind> = new Set(['agency', 'user', 'server']);

/** 证书管理: every certificate the city CA issued, issuing and revoking. */
export default function CertificatePage() {
  const t = useT();
  const agencies = useAgencies();
  const [kind, setKind] = useState<CertificateKind>();
  const [status, setStatus] = useState<CertificateStatus>();
  const [agency, setAgency] = useState<string>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [issuing, setIssuing] = useState(false);
  const [revoking, setRevoking] = useState<Certificate | null>(null);

  useEffect(() => setPage(1), [kind, status, agency]);
  const certs = useApi(
    (signal) => adminApi.listCertificates({ kind, status, agency, limit: pageSize, offset: (page - 1) * pageSize }, signal),
    [kind, status, agency, page, pageSize],
  );

  const holder = (c: Certificate) => {
    if (c.username) return c.username;
    if (c.agencyCode) return agencies.forest.byCode.get(c.agencyCode)?.agency.name ?? c.agencyCode;
    return '—';
  };

  const now = Date.now();
  const columns: TableColumnsType<Certificate> = [
    {
      key: 'kind',
      title: t('admin.certs.col.kind'),
      width: 120,
      render: (_, c) => <Tag color={CERT_KIND_COLORS[c.kind]}>{t(CERT_KIND_KEYS[c.kind])}</Tag>,
    },
    { key: 'subject', dataIndex: 'subject', title: t('admin.certs.col.subject'), width: 300, render: (v: string) => <span style={{ wordBreak: 'break-word' }}>{v}</span> },
    { key: 'holder', title: t('admin.certs.col.holder'), width: 160, render: (_, c) => holder(c) },
    {
      key: 'serial',
      dataIndex: 'serialHex',
      title: t('admin.certs.col.serial'),
      width: 170,
      render: (v: string) => (
        <Typography.Text className="yz-mono" copyable={{ text: v }} ellipsis={{ tooltip: v }} style={{ maxWidth: 150 }}>
          {v}
        </Typography.Text>
      ),
    },
    {
      key: 'validity',
      title: t('admin.certs.col.validity'),
      width: 200,
      render: (_, c) => {
        const expired = Date.parse(c.notAfter) < now;
        return (
          <span className="yz-nowrap">
            {dayjs(c.notBefore).format('YYYY-MM-DD')} ~ {dayjs(c.notAfter).format('YYYY-MM-DD')}
            {expired && (
              <Tag color="default" style={{ marginInlineStart: 6 }}>
                {t('admin.certs.expired')}
              </Tag>
            )}
          </span>
        );
      },
    },
    {
      key: 'status',
      title: t('admin.certs.col.status'),
      width: 100,
      render: (_, c) =>
        c.status === 'revoked' ? (
          <Tooltip
            title={[
              c.revokedAt ? t('admin.certs.revokedAt', { time: dayjs(c.revokedAt).format('YYYY-MM-DD HH:mm') }) : '',
              revocationReasonLabel(c.revocationReason, t),
            ]
              .filter(Boolean)
              .join(' · ')}
          >
            <Tag color="red">{t(CERT_STATUS_KEYS.revoked)}</Tag>
          </Tooltip>
        ) : (
          <Tag color="green">{t(CERT_STATUS_KEYS.active)}</Tag>
        ),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      width: 100,
      render: (_, c) =>
        c.status === 'active' && REVOCABLE.has(c.kind) ? (
          <Button type="link" danger icon={<StopOutlined />} onClick={() => setRevoking(c)} style={{ paddingInline: 4 }}>
            {t('admin.certs.revoke')}
          </Button>
        ) : null,
    },
  ];

  return (
    <Card
      title={t('admin.certs.title')}
      extra={
        <Space wrap style={{ padding: '6px 0' }}>
          <Button icon={<DownloadOutlined />} href={CA_BUNDLE_URL} download>
            {t('admin.certs.downloadCa')}
          </Button>
          <Button icon={<DownloadOutlined />} href={CRL_URL} download>
            {t('admin.certs.downloadCrl')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setIssuing(true)}>
            {t('admin.certs.issue')}
          </Button>
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Select<CertificateKind>
          allowClear
          placeholder={t('admin.certs.filterKind')}
          value={kind}
          onChange={setKind}
          style={{ width: 160 }}
          options={(Object.keys(CERT_KIND_KEYS) as CertificateKind[]).map((k) => ({ value: k, label: t(CERT_KIND_KEYS[k]) }))}
        />
        <Select<CertificateStatus>
          allowClear
          placeholder={t('admin.certs.filterStatus')}
          value={status}
          onChange={setStatus}
          style={{ width: 130 }}
          options={(Object.keys(CERT_STATUS_KEYS) as CertificateStatus[]).map((s) => ({ value: s, label: t(CERT_STATUS_KEYS[s]) }))}
        />
        <AgencySelect forest={agencies.forest} value={agency} onChange={setAgency} placeholder={t('admin.certs.filterAgency')} allowClear style={{ width: 260 }} />
      </Space>
      {certs.error && <LoadError error={certs.error} onRetry={certs.reload} />}
      <Table<Certificate>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={certs.data?.certificates ?? []}
        loading={certs.loading}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: page,
          pageSize,
          total: certs.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (n) => t('common.total', { total: n }),
          onChange: (p, size) => {
            setPage(size === pageSize ? p : 1);
            setPageSize(size);
          },
        }}
      />
      <IssueCertificateModal
        open={issuing}
        forest={agencies.forest}
        onClose={() => setIssuing(false)}
        onIssued={() => {
          setIssuing(false);
          certs.reload();
        }}
      />
      <RevokeCertificateModal
        cert={revoking}
        onClose={() => setRevoking(null)}
        onRevoked={() => {
          setRevoking(null);
          certs.reload();
        }}
      />
    </Card>
  );
}
