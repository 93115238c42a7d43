import { describe, expect, it } from 'vitest';
import type { Person } from '@yizhan/protocol';
import { rankOfTitle, suggestRoute } from './suggest-route';

const person = (username: string, title: string, roles: Person['roles'] = ['leader']): Person => ({
  username,
  name: username,
  title,
  roles,
  agencyCode: 'sw',
  agencyName: '市委',
  mailAddress: '',
  disabled: false,
});

describe('suggestRoute', () => {
  it('lays out a leading body: 书记 → {副书记, 副书记} → 秘书长, whatever order the directory returns', () => {
    const people = [
      person('c', '市委秘书长'),
      person('clerk', '收发员', ['clerk']),
      person('b2', '市委副书记'),
      person('a', '市委书记'),
      person('b1', '市委副书记'),
    ];
    expect(suggestRoute(people).map((s) => s.readers)).toEqual([['a'], ['b2', 'b1'], ['c']]);
  });

  it('ranks the executive deputy before the other deputies', () => {
    expect(['副市长', '秘书长', '常务副市长', '市长'].sort((x, y) => rankOfTitle(x) - rankOfTitle(y))).toEqual(['市长', '常务副市长', '副市长', '秘书长']);
  });
});
