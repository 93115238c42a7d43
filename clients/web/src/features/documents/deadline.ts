/** 签收期限: the countdown shown next to an incoming document, and its colour. */
import type { Translate } from '../../app/i18n/translate';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export type DeadlineTone = 'overdue' | 'soon' | 'normal';

/** Under this much time left the countdown turns orange (特急 documents start at 2 h). */
export const SOON_MS = 2 * HOUR;

/** 2天3小时 / 5小时12分 / 7分钟; never "0分钟" (anything under a minute is 1分钟). */
export function formatDuration(ms: number, t: Translate): string {
  const abs = Math.abs(ms);
  if (abs >= DAY) return t('doc.duration.dh', { d: Math.floor(abs / DAY), h: Math.floor((abs % DAY) / HOUR) });
  if (abs >= HOUR) return t('doc.duration.hm', { h: Math.floor(abs / HOUR), m: Math.floor((abs % HOUR) / MINUTE) });
  return t('doc.duration.m', { m: Math.max(1, Math.floor(abs / MINUTE)) });
}

export interface Countdown {
  tone: DeadlineTone;
  text: string;
}

/**
 * 剩余 5小时12分 / 已逾期 3小时. `overdue` is the server's word (it also knows about documents signed
 * late); the clock decides between the server's answers.
 */
export function countdown(deadline: string | null, now: number, t: Translate, overdue = false): Countdown | null {
  if (!deadline) return null;
  const left = Date.parse(deadline) - now;
  if (Number.isNaN(left)) return null;
  if (left <= 0 || overdue) return { tone: 'overdue', text: t('doc.countdown.overdue', { duration: formatDuration(Math.min(left, 0), t) }) };
  return { tone: left < SOON_MS ? 'soon' : 'normal', text: t('doc.countdown.left', { duration: formatDuration(left, t) }) };
}
