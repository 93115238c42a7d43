import { useState } from 'react';
import { Alert, Button, Input, Modal, Space, Spin, Typography } from 'antd';
import type { DocumentDetail } from '@yizhan/protocol';
import { useT } from '../../../app/i18n';
import { userMessageOf } from '../../../app/api/api-error';
import { docApi } from '../api';

export type DecisionStep = 'review' | 'approve';

interface Props {
  step: DecisionStep | null;
  doc: DocumentDetail;
  onClose(): void;
  onDone(detail: DocumentDetail, decision: 'approve' | 'reject'): void;
}

/**
 * 核稿 (通过 / 退回修改) and 签发 (同意签发 / 退回修改). Sending back needs a comment. 签发 lays the
 * document out, seals and encrypts it before answering: a second or two, shown as such.
 */
export function DecisionDialog({ step, doc, onClose, onDone }: Props) {
  const t = useT();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState<'approve' | 'reject' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [needComment, setNeedComment] = useState(false);

  const decide = async (decision: 'approve' | 'reject') => {
    if (!step) return;
    if (decision === 'reject' && !comment.trim()) {
      setNeedComment(true);
      return;
    }
    setBusy(decision);
    setError(null);
    try {
      const body = { decision, comment: comment.trim() };
      const detail = step === 'review' ? await docApi.review(doc.id, body) : await docApi.approve(doc.id, body);
      setComment('');
      onDone(detail, decision);
    } catch (e) {
      setError(userMessageOf(e, t));
    } finally {
      setBusy(null);
    }
  };

  const approveLabel = step === 'approve' ? t('doc.decision.approveIssue') : t('doc.decision.approveReview');
  const sealing = step === 'approve' && busy === 'approve';

  return (
    <Modal
      open={step !== null}
      title={step === 'approve' ? t('doc.decision.approveTitle') : t('doc.decision.reviewTitle')}
      onCancel={() => !busy && onClose()}
      closable={!busy}
      mask={{ closable: !busy }}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose} disabled={!!busy}>
            {t('common.cancel')}
          </Button>
          <Button danger loading={busy === 'reject'} disabled={!!busy} onClick={() => void decide('reject')} data-testid="decision-reject">
            {t('doc.decision.reject')}
          </Button>
          <Button type="primary" loading={busy === 'approve'} disabled={!!busy} onClick={() => void decide('approve')} data-testid="decision-approve">
            {approveLabel}
          </Button>
        </Space>
      }
    >
      <Spin spinning={sealing} description={t('doc.decision.sealing')} size="large">
        <div data-testid="decision-dialog">
          <Typography.Paragraph>
            <Typography.Text strong>{doc.title}</Typography.Text>
          </Typography.Paragraph>
          {step === 'approve' && <Typography.Paragraph type="secondary">{t('doc.decision.approveHint')}</Typography.Paragraph>}
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
          <Input.TextArea
            value={comment}
            onChange={(e) => {
              setComment(e.target.value);
              if (e.target.value.trim()) setNeedComment(false);
            }}
            autoSize={{ minRows: 3, maxRows: 6 }}
            maxLength={500}
            showCount
            status={needComment ? 'error' : undefined}
            placeholder={t('doc.decision.commentPlaceholder')}
            aria-label={t('doc.decision.comment')}
            data-testid="decision-comment"
          />
          {needComment && <Typography.Text type="danger">{t('doc.decision.commentRequired')}</Typography.Text>}
        </div>
      </Spin>
    </Modal>
  );
}
