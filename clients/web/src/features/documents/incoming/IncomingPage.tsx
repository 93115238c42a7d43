import { useState } from 'react';
import { App, Button, Card, Descriptions, Empty, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, BookOutlined, CheckOutlined, DownloadOutlined, RollbackOutlined, ShareAltOutlined, CommentOutlined, ReadOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router';
import dayjs from 'dayjs';
import type { IncomingDetail, RegisterEntry } from '@yizhan/protocol';
import { useT } from '../../../app/i18n';
import { useApi } from '../../../app/hooks/useApi';
import { useCurrentUser } from '../../../app/auth/AuthProvider';
import { userMessageOf } from '../../../app/api/api-error';
import { LoadError } from '../../../app/components/LoadError';
import { FullPageSpin } from '../../../app/components/FullPageSpin';
import { docApi } from '../api';
import { fileSize, verdictPassed } from '../labels';
import { DeadlineCountdown, DeliveryStatusTag, UrgencyTag, useNow } from '../components/tags';
import { PdfViewer } from '../components/PdfViewer';
import { fileIcon } from '../outgoing/AttachmentsField';
import { VerdictBanner } from './VerdictBanner';
import { ForwardDialog, RegisterDialog, ReturnDialog } from './IncomingDialogs';
import '../documents.css';

const time = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');

/** 收文 (/incoming/:deliveryId): opened and verified by the server; 签收, 退回, 登记, 转发, 答复. */
export default function IncomingPage() {
  const t = useT();
  const me = useCurrentUser();
  const now = useNow();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const { deliveryId = '' } = useParams();
  const state = useApi((signal) => docApi.incomingDetail(deliveryId, signal), [deliveryId]);
  const [dialog, setDialog] = useState<'return' | 'register' | 'forward' | null>(null);
  const [busy, setBusy] = useState<'sign' | 'reply' | null>(null);
  const [registered, setRegistered] = useState<RegisterEntry | null>(null);

  if (state.error && !state.data) return <LoadError error={state.error} onRetry={state.reload} />;
  const d: IncomingDetail | undefined = state.data;
  if (!d) return <FullPageSpin />;

  const clerk = me.roles.includes('clerk');
  const canDraft = clerk || me.roles.includes('staff');
  const ok = verdictPassed(d.verdict);
  const register = registered ?? d.register;
  const pdf = d.files.find((f) => f.path === 'document.pdf');
  const attachments = d.files.filter((f) => f.path !== 'document.pdf');

  const sign = async () => {
    setBusy('sign');
    try {
      await docApi.sign(d.deliveryId);
      void message.success(t('incoming.signed'));
      state.reload();
    } catch (e) {
      void message.error(userMessageOf(e, t));
    } finally {
      setBusy(null);
    }
  };

  const reply = () =>
    modal.confirm({
      title: t('incoming.reply.title'),
      content: t('incoming.reply.confirm', { title: d.title }),
      okText: t('incoming.reply.ok'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        setBusy('reply');
        try {
          const draft = await docApi.reply(d.deliveryId);
          navigate(`/documents/${draft.id}/edit`);
        } catch (e) {
          void message.error(userMessageOf(e, t));
        } finally {
          setBusy(null);
        }
      },
    });

  const confirmSign = () => {
    if (ok) return void sign();
    modal.confirm({ title: t('incoming.signUnverified'), okText: t('incoming.sign'), cancelText: t('common.cancel'), onOk: sign });
  };

  return (
    <div data-testid="incoming-page" className="yz-document">
      <Card className="yz-doc-head" size="small">
        <div className="yz-doc-head-row">
          <div className="yz-doc-head-main">
            <Space size={6} wrap className="yz-doc-tags">
              <Link to={`/incoming?status=${d.status === 'delivered' ? 'pending' : d.status}`} aria-label={t('common.back')}>
                <ArrowLeftOutlined />
              </Link>
              <DeliveryStatusTag status={d.status} />
              <UrgencyTag urgency={d.urgency} />
              {d.kind === 'cc' && <Tag>{t('tracking.kind.cc')}</Tag>}
              {register && <Tag color="green">{register.registerNumber}</Tag>}
            </Space>
            <Typography.Title level={4} className="yz-doc-title" data-testid="incoming-title">
              {d.title}
            </Typography.Title>
            <Space size={16} wrap className="yz-doc-meta">
              <span>
                {t('doc.field.docNumber')}：<Typography.Text strong>{d.docNumber}</Typography.Text>
              </span>
              <span>
                {t('incoming.col.from')}：{d.fromAgencyName}
              </span>
              {d.status === 'delivered' && <DeadlineCountdown deadline={d.deadline} overdue={d.overdue} now={now} />}
            </Space>
          </div>
          {clerk && (
            <Space wrap className="yz-doc-actions">
              {d.status === 'delivered' && (
                <>
                  <Button type="primary" icon={<CheckOutlined />} loading={busy === 'sign'} onClick={confirmSign} data-testid="action-sign">
                    {t('incoming.sign')}
                  </Button>
                  <Button danger icon={<RollbackOutlined />} onClick={() => setDialog('return')} data-testid="action-return">
                    {t('incoming.return')}
                  </Button>
                </>
              )}
              {d.status === 'signed' && (
                <>
                  {!register && (
                    <Button type="primary" icon={<BookOutlined />} onClick={() => setDialog('register')} data-testid="action-register">
                      {t('incoming.register')}
                    </Button>
                  )}
                  {canDraft && (
                    <Button icon={<ShareAltOutlined />} onClick={() => setDialog('forward')} data-testid="action-forward">
                      {t('incoming.forward')}
                    </Button>
                  )}
                  {canDraft && (
                    <Button icon={<CommentOutlined />} loading={busy === 'reply'} onClick={reply} data-testid="action-reply">
                      {t('incoming.reply')}
                    </Button>
                  )}
                  <Button icon={<ReadOutlined />} onClick={() => navigate(`/circulation?start=${d.deliveryId}`)} data-testid="action-circulate">
                    {t('incoming.circulate')}
                  </Button>
                  <Button icon={<DownloadOutlined />} href={docApi.receiptUrl(d.deliveryId)} download="receipt.p7s" data-testid="action-receipt">
                    {t('incoming.receipt')}
                  </Button>
                </>
              )}
            </Space>
          )}
        </div>
      </Card>

      <VerdictBanner verdict={d.verdict} />

      <Card size="small" title={t('incoming.meta')} className="yz-draft-card">
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 3, xxl: 3 }}
          styles={{ label: { width: 96, whiteSpace: 'nowrap' } }}
          items={[
            { key: 'from', label: t('incoming.col.from'), children: d.fromAgencyName },
            { key: 'docNumber', label: t('doc.field.docNumber'), children: d.docNumber },
            { key: 'signer', label: t('doc.field.signer'), children: d.signer || '—' },
            { key: 'main', label: t('doc.field.mainRecipients'), span: 'filled', children: d.mainRecipients.join('、') || '—' },
            ...(d.ccRecipients.length ? [{ key: 'cc', label: t('doc.field.ccRecipients'), span: 'filled' as const, children: d.ccRecipients.join('、') }] : []),
            { key: 'issued', label: t('incoming.issuedAt'), children: time(d.issuedAt) },
            { key: 'received', label: t('incoming.col.received'), children: time(d.deliveredAt) },
            { key: 'deadline', label: t('incoming.col.deadline'), children: time(d.deadline) },
            ...(d.signedAt ? [{ key: 'signed', label: t('incoming.signedAt'), children: time(d.signedAt) }] : []),
            ...(d.returnReason
              ? [
                  {
                    key: 'reason',
                    label: t('tracking.col.returnReason'),
                    span: 'filled' as const,
                    children: <Typography.Text type="danger">{d.returnReason}</Typography.Text>,
                  },
                ]
              : []),
            ...(register
              ? [
                  {
                    key: 'regNo',
                    label: t('register.col.number'),
                    children: (
                      <Typography.Text strong data-testid="register-number">
                        {register.registerNumber}
                      </Typography.Text>
                    ),
                  },
                  { key: 'proposal', label: t('register.col.proposal'), span: 'filled' as const, children: register.proposal || '—' },
                ]
              : []),
          ]}
        />
      </Card>

      {attachments.length > 0 && (
        <Card size="small" title={t('doc.field.attachments')} className="yz-draft-card">
          <ol className="yz-attachment-list" data-testid="incoming-attachments">
            {attachments.map((f) => (
              <li key={f.path}>
                {fileIcon(f.mediaType)}{' '}
                <a href={docApi.incomingFileUrl(d.deliveryId, f.path)} target="_blank" rel="noopener">
                  {f.name}
                </a>{' '}
                <Tag bordered={false}>{fileSize(f.size)}</Tag>
              </li>
            ))}
          </ol>
        </Card>
      )}

      <Card size="small" title={t('doc.tab.pdf')} className="yz-draft-card" styles={{ body: { padding: 0 } }}>
        {pdf ? (
          <PdfViewer url={docApi.incomingFileUrl(d.deliveryId, pdf.path)} fileName={`${d.docNumber} ${d.title}.pdf`} />
        ) : (
          <Empty description={t('incoming.noPdf')} style={{ padding: 24 }} />
        )}
      </Card>

      <ReturnDialog
        open={dialog === 'return'}
        deliveryId={d.deliveryId}
        onClose={() => setDialog(null)}
        onDone={() => {
          setDialog(null);
          void message.success(t('incoming.returned'));
          state.reload();
        }}
      />
      <RegisterDialog
        open={dialog === 'register'}
        deliveryId={d.deliveryId}
        onClose={() => setDialog(null)}
        onDone={(entry) => {
          setDialog(null);
          setRegistered(entry);
          void message.success(t('incoming.registered', { number: entry.registerNumber }));
          state.reload();
        }}
      />
      <ForwardDialog
        open={dialog === 'forward'}
        deliveryId={d.deliveryId}
        onClose={() => setDialog(null)}
        onDone={(draft) => {
          setDialog(null);
          void message.success(t('incoming.forwarded'));
          navigate(`/documents/${draft.id}/edit`);
        }}
      />
    </div>
  );
}
