import { Empty, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import type { DocumentDetail } from '@yizhan/protocol';
import { useT } from '../../../app/i18n';

const COLOR: Record<'submitted' | 'approved' | 'rejected', string> = { submitted: 'blue', approved: 'green', rejected: 'red' };

/** 审批记录: 送审, 核稿, 签发 with who, when, the decision and the comment; then who has it now. */
export function ApprovalTimeline({ doc, nameOf }: { doc: DocumentDetail; nameOf(username: string | null): string }) {
  const t = useT();
  const items = doc.approvals.map((a, i) => ({
    key: i,
    color: COLOR[a.decision],
    content: (
      <div data-testid="approval-entry">
        <Typography.Text strong>{a.actorName}</Typography.Text> <Typography.Text>{t(`approval.${a.step}.${a.decision}`)}</Typography.Text>
        <Typography.Text type="secondary" className="yz-approval-time">
          {dayjs(a.at).format('YYYY-MM-DD HH:mm')}
        </Typography.Text>
        {a.comment && <div className="yz-approval-comment">{a.comment}</div>}
      </div>
    ),
  }));
  if (doc.status === 'reviewing' || doc.status === 'approving') {
    items.push({
      key: -1,
      color: 'gray',
      content: (
        <Typography.Text type="secondary">
          {t('approval.waiting')}：{t(doc.status === 'reviewing' ? 'approval.waitingReview' : 'approval.waitingApprove', { who: nameOf(doc.assignee) })}
        </Typography.Text>
      ),
    });
  }
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('approval.none')} />;
  return <Timeline items={items} style={{ paddingTop: 16, maxWidth: 720 }} data-testid="approvals" />;
}
