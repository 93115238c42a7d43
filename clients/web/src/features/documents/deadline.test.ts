import { describe, expect, it } from 'vitest';
import { translatorFor } from '../../app/i18n/translate';
import { countdown, formatDuration } from './deadline';

const zh = translatorFor('zh-CN');
const en = translatorFor('en-US');
const MIN = 60_000;
const HOUR = 60 * MIN;
const now = Date.parse('2026-03-02T08:00:00+08:00');
const at = (ms: number) => new Date(now + ms).toISOString();

describe('formatDuration', () => {
  it('uses days and hours, hours and minutes, or minutes', () => {
    expect(formatDuration(2 * 24 * HOUR + 3 * HOUR + 59 * MIN, zh)).toBe('2天3小时');
    expect(formatDuration(5 * HOUR + 12 * MIN + 30_000, zh)).toBe('5小时12分');
    expect(formatDuration(7 * MIN + 59_000, zh)).toBe('7分钟');
    expect(formatDuration(10_000, zh)).toBe('1分钟');
    expect(formatDuration(-3 * HOUR, zh)).toBe('3小时0分');
    expect(formatDuration(26 * HOUR, en)).toBe('1 d 2 h');
  });
});

describe('countdown', () => {
  it('counts down to the deadline, orange under two hours', () => {
    expect(countdown(at(72 * HOUR), now, zh)).toEqual({ tone: 'normal', text: '剩余 3天0小时' });
    expect(countdown(at(23 * HOUR + 5 * MIN), now, zh)).toEqual({ tone: 'normal', text: '剩余 23小时5分' });
    expect(countdown(at(90 * MIN), now, zh)).toEqual({ tone: 'soon', text: '剩余 1小时30分' });
    expect(countdown(at(4 * MIN), now, en)).toEqual({ tone: 'soon', text: '4 min left' });
  });

  it('says how long it is overdue', () => {
    expect(countdown(at(-3 * HOUR - 20 * MIN), now, zh)).toEqual({ tone: 'overdue', text: '已逾期 3小时20分' });
    expect(countdown(at(0), now, zh)?.tone).toBe('overdue');
  });

  it("trusts the server's overdue flag over a clock that is behind", () => {
    expect(countdown(at(5 * MIN), now, zh, true)).toEqual({ tone: 'overdue', text: '已逾期 1分钟' });
  });

  it('shows nothing without a (valid) deadline', () => {
    expect(countdown(null, now, zh)).toBeNull();
    expect(countdown('not a date', now, zh)).toBeNull();
  });
});
