import { useEffect, useState } from 'react';
import { Tag } from 'antd';
import { ClockCircleOutlined } from '@ant-design/icons';
import type { DeliveryStatus, DocumentStatus, Urgency } from '@yizhan/protocol';
import { useT } from '../../../app/i18n';
import { countdown } from '../deadline';
import { DELIVERY_STATUS_COLORS, DOC_STATUS_COLORS, URGENCY_COLORS } from '../labels';

/** 特急 red, 加急 orange; 普通 is shown only when asked (`always`). */
export function UrgencyTag({ urgency, always }: { urgency: Urgency; always?: boolean }) {
  const t = useT();
  if (urgency === '普通' && !always) return null;
  return (
    <Tag color={URGENCY_COLORS[urgency]} data-testid="urgency-tag">
      {t(`urgency.${urgency}`)}
    </Tag>
  );
}

export function DocStatusTag({ status }: { status: DocumentStatus }) {
  const t = useT();
  return (
    <Tag color={DOC_STATUS_COLORS[status]} data-testid="doc-status">
      {t(`doc.status.${status}`)}
    </Tag>
  );
}

export function DeliveryStatusTag({ status }: { status: DeliveryStatus }) {
  const t = useT();
  return (
    <Tag color={DELIVERY_STATUS_COLORS[status]} data-testid="delivery-status">
      {t(`delivery.status.${status}`)}
    </Tag>
  );
}

export function OverdueTag() {
  const t = useT();
  return (
    <Tag color="red" data-testid="overdue-tag">
      {t('doc.overdue')}
    </Tag>
  );
}

/** The current time, refreshed every `ms` (countdowns). */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

const TONE_COLOR = { overdue: '#cf1322', soon: '#d46b08', normal: 'rgba(0,0,0,0.55)' } as const;

/** 剩余 5小时12分 (orange under 2 h) or a red 逾期 tag with how long. */
export function DeadlineCountdown({ deadline, overdue, now }: { deadline: string | null; overdue?: boolean; now: number }) {
  const t = useT();
  const c = countdown(deadline, now, t, overdue);
  if (!c) return <span style={{ color: 'rgba(0,0,0,0.45)' }}>—</span>;
  return (
    <span className="yz-nowrap" style={{ color: TONE_COLOR[c.tone] }} data-testid="deadline">
      {c.tone === 'overdue' ? <OverdueTag /> : <ClockCircleOutlined style={{ marginRight: 4 }} />}
      {c.text}
    </span>
  );
}
