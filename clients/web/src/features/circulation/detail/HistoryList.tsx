/** What happened, from the audit log: who did what when. */
import { Card, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import type { CirculationDetail } from '@yizhan/protocol';
import { useT } from '../../../app/i18n';
import { HISTORY_ACTIONS } from '../labels';

export function HistoryList({ detail }: { detail: CirculationDetail }) {
  const t = useT();
  return (
    <Card size="small" title={t('circ.panel.history')} data-testid="history">
      <Timeline
        items={[...detail.history].reverse().map((h, i) => ({
          key: i,
          color: h.action === 'circulation.overdue' ? 'red' : 'gray',
          content: (
            <div style={{ fontSize: 12 }}>
              <Typography.Text type="secondary">{dayjs(h.at).format('MM-DD HH:mm:ss')}</Typography.Text> <Typography.Text strong>{h.actorName}</Typography.Text>{' '}
              {HISTORY_ACTIONS[h.action] ? t(HISTORY_ACTIONS[h.action]) : h.action}
              {typeof h.details.note === 'string' && h.details.note ? `：${h.details.note}` : ''}
            </div>
          ),
        }))}
      />
    </Card>
  );
}
