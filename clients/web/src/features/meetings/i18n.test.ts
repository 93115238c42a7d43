import { describe, expect, it } from 'vitest';
import { meetingsEnUS, meetingsTranslate, meetingsZhCN } from './i18n';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('meetings dictionaries', () => {
  it('have the same keys and placeholders in both languages', () => {
    expect(Object.keys(meetingsEnUS).sort()).toEqual(Object.keys(meetingsZhCN).sort());
    for (const key of Object.keys(meetingsZhCN) as Array<keyof typeof meetingsZhCN>) expect(placeholders(meetingsEnUS[key]), key).toEqual(placeholders(meetingsZhCN[key]));
  });

  it('fills placeholders', () => {
    expect(meetingsTranslate('zh-CN', 'room.viewers', { n: 3 })).toBe('3 人观看');
    expect(meetingsTranslate('zh-CN', 'member.status.speaking')).toBe('发言中');
  });
});
