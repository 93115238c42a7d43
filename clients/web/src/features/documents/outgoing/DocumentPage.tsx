import { useMemo, useState } from 'react';
import { App, Button, Card, Space, Tabs, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, AuditOutlined, CheckCircleOutlined, EditOutlined, SendOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import dayjs from 'dayjs';
import type { DocumentDetail } from '@yizhan/protocol';
import { useT } from '../../../app/i18n';
import { useApi } from '../../../app/hooks/useApi';
import { useCurrentUser } from '../../../app/auth/AuthProvider';
import { LoadError } from '../../../app/components/LoadError';
import { FullPageSpin } from '../../../app/components/FullPageSpin';
import { docApi } from '../api';
import { useDocexchangeEvents } from '../realtime';
import { DocStatusTag, UrgencyTag } from '../components/tags';
import { PdfViewer } from '../components/PdfViewer';
import { useRecipientDirectory } from '../useRecipientDirectory';
import { ApprovalTimeline } from './ApprovalTimeline';
import { DecisionDialog, type DecisionStep } from './DecisionDialog';
import { DeliveryTracking } from './DeliveryTracking';
import { DocumentFields } from './DocumentFields';
import { SubmitDialog } from './SubmitDialog';
import '../documents.css';

type TabKey = 'content' | 'approvals' | 'tracking' | 'pdf';

/** 公文 (/documents/:id): the document as its agency sees it, with what the viewer may do now. */
export default function DocumentPage() {
  const t = useT();
  const me = useCurrentUser();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const state = useApi((signal) => docApi.get(id, signal), [id]);
  const directory = useRecipientDirectory();
  const [decision, setDecision] = useState<DecisionStep | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [override, setOverride] = useState<DocumentDetail | null>(null);

  // The answer of an action is newer than the last load until the next load arrives.
  const doc = override && state.data && override.updatedAt > state.data.updatedAt ? override : (state.data ?? override);
  const reload = state.reload;

  useDocexchangeEvents({
    'delivery:updated': (p) => p.documentId === id && reload(),
    'document:updated': (p) => p.documentId === id && reload(),
    onConnect: reload,
  });

  const needsNames = !!doc && (doc.reviewer !== null || doc.approver !== null);
  const people = useApi((signal) => (needsNames ? docApi.people(me.agencyCode, signal) : Promise.resolve(undefined)), [needsNames, me.agencyCode]);
  const names = useMemo(() => new Map((people.data?.users ?? []).map((u) => [u.username, u.name])), [people.data]);
  const nameOf = (username: string | null) => (username ? (names.get(username) ?? username) : '—');

  if (state.error && !doc) return <LoadError error={state.error} onRetry={reload} />;
  if (!doc) return <FullPageSpin />;

  const dispatched = doc.status === 'dispatched';
  const tab = (params.get('tab') as TabKey | null) ?? (dispatched ? 'tracking' : 'content');
  const setTab = (key: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.set('tab', key);
        return next;
      },
      { replace: true },
    );

  const actions = doc.actions;
  const afterAction = (d: DocumentDetail) => {
    setOverride(d);
    reload();
  };

  return (
    <div data-testid="document-page" className="yz-document">
      <Card className="yz-doc-head" size="small">
        <div className="yz-doc-head-row">
          <div className="yz-doc-head-main">
            <Space size={6} wrap className="yz-doc-tags">
              <Link to={`/documents/outbox?box=${dispatched ? 'sent' : doc.status === 'draft' ? 'drafts' : 'in-progress'}`} aria-label={t('common.back')}>
                <ArrowLeftOutlined />
              </Link>
              <DocStatusTag status={doc.status} />
              <UrgencyTag urgency={doc.urgency} />
              {doc.replyToDocumentId && <Tag color="purple">{t('doc.isReply')}</Tag>}
            </Space>
            <Typography.Title level={4} className="yz-doc-title" data-testid="document-title">
              {doc.title}
            </Typography.Title>
            <Space size={16} wrap className="yz-doc-meta">
              <span>
                {t('doc.field.docNumber')}：
                <Typography.Text strong data-testid="doc-number">
                  {doc.docNumber ?? t('doc.field.docNumberLater')}
                </Typography.Text>
              </span>
              {doc.signer && (
                <span>
                  {t('doc.field.signer')}：{doc.signer}
                </span>
              )}
              <span>
                {t('doc.field.drafter')}：{doc.drafterName}
              </span>
              <span>
                {doc.issuedAt
                  ? t('doc.issuedAt', { time: dayjs(doc.issuedAt).format('YYYY-MM-DD HH:mm') })
                  : t('doc.updatedAt', { time: dayjs(doc.updatedAt).format('YYYY-MM-DD HH:mm') })}
              </span>
            </Space>
          </div>
          <Space wrap className="yz-doc-actions">
            {actions.includes('edit') && (
              <Button icon={<EditOutlined />} onClick={() => navigate(`/documents/${doc.id}/edit`)} data-testid="action-edit">
                {t('common.edit')}
              </Button>
            )}
            {actions.includes('submit') && (
              <Button type="primary" icon={<SendOutlined />} onClick={() => setSubmitting(true)} data-testid="action-submit">
                {t('doc.action.submit')}
              </Button>
            )}
            {actions.includes('review') && (
              <Button type="primary" icon={<AuditOutlined />} onClick={() => setDecision('review')} data-testid="action-review">
                {t('doc.action.review')}
              </Button>
            )}
            {actions.includes('approve') && (
              <Button type="primary" icon={<CheckCircleOutlined />} onClick={() => setDecision('approve')} data-testid="action-approve">
                {t('doc.action.approve')}
              </Button>
            )}
          </Space>
        </div>
      </Card>

      <Card size="small" className="yz-doc-tabs">
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'content', label: t('doc.tab.content'), children: <DocumentFields doc={doc} forest={directory.forest} nameOf={nameOf} /> },
            { key: 'approvals', label: t('doc.tab.approvals'), children: <ApprovalTimeline doc={doc} nameOf={nameOf} /> },
            {
              key: 'tracking',
              label: (
                <span data-testid="tab-tracking">
                  {t('doc.tab.tracking')}
                  {doc.deliveryCounts && doc.deliveryCounts.overdue > 0 && (
                    <Tag color="red" style={{ marginInlineStart: 6 }}>
                      {doc.deliveryCounts.overdue}
                    </Tag>
                  )}
                </span>
              ),
              disabled: !dispatched,
              children: <DeliveryTracking doc={doc} onReminded={reload} />,
            },
            {
              key: 'pdf',
              label: t('doc.tab.pdf'),
              disabled: !dispatched,
              children: dispatched && <PdfViewer url={docApi.pdfUrl(doc.id)} fileName={`${doc.docNumber ?? ''} ${doc.title}.pdf`} />,
            },
          ]}
        />
      </Card>

      <DecisionDialog
        step={decision}
        doc={doc}
        onClose={() => setDecision(null)}
        onDone={(d, how) => {
          setDecision(null);
          afterAction(d);
          if (how === 'reject') void message.success(t('doc.decision.rejected'));
          else if (d.status === 'dispatched') void message.success(t('doc.decision.issued', { docNumber: d.docNumber ?? '' }));
          else void message.success(t('doc.decision.approved'));
        }}
      />
      <SubmitDialog
        open={submitting}
        documentId={doc.id}
        onClose={() => setSubmitting(false)}
        onSubmitted={(d) => {
          setSubmitting(false);
          afterAction(d);
          void message.success(t('doc.submit.done'));
        }}
      />
    </div>
  );
}
