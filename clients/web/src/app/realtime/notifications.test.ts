import { describe, expect, it } from 'vitest';
import type { Notification } from '@yizhan/protocol';
import { addNotification, KEEP_NOTIFICATIONS, markRead } from './notifications';

const n = (id: string, read = false): Notification => ({ id, kind: 'test', title: id, body: '', link: null, createdAt: '2026-03-01T08:00:00Z', read });

describe('notifications', () => {
  it('adds a pushed notification on top, once', () => {
    const list = addNotification([n('a')], n('b'));
    expect(list.map((x) => x.id)).toEqual(['b', 'a']);
    expect(addNotification(list, n('b')).map((x) => x.id)).toEqual(['b', 'a']);
  });

  it('keeps a bounded list', () => {
    let list: Notification[] = [];
    for (let i = 0; i < KEEP_NOTIFICATIONS + 5; i++) list = addNotification(list, n(String(i)));
    expect(list).toHaveLength(KEEP_NOTIFICATIONS);
    expect(list[0].id).toBe(String(KEEP_NOTIFICATIONS + 4));
  });

  it('marks some or all read', () => {
    const list = [n('a'), n('b'), n('c', true)];
    expect(markRead(list, ['a']).map((x) => x.read)).toEqual([true, false, true]);
    expect(markRead(list).every((x) => x.read)).toBe(true);
  });
});
