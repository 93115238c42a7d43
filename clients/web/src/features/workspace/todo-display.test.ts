import { describe, expect, it } from 'vitest';
import type { TodoItem } from '@yizhan/protocol';
import { deadlineTone, greetingKey, sortTodos } from './todo-display';

const todo = (id: string, extra: Partial<TodoItem> = {}): TodoItem => ({
  id,
  source: 'docexchange',
  kind: '待签收',
  title: id,
  overdue: false,
  link: `/documents/${id}`,
  createdAt: '2026-03-01T08:00:00+08:00',
  ...extra,
});

describe('sortTodos', () => {
  it('puts overdue first, then 特急, 加急, then the nearest deadline', () => {
    const items = [
      todo('plain'),
      todo('urgent', { urgency: '加急' }),
      todo('soon', { deadline: '2026-03-02T08:00:00+08:00' }),
      todo('late', { overdue: true }),
      todo('very', { urgency: '特急' }),
      todo('later', { deadline: '2026-03-05T08:00:00+08:00' }),
    ];
    expect(sortTodos(items).map((i) => i.id)).toEqual(['late', 'very', 'urgent', 'soon', 'later', 'plain']);
  });
});

describe('deadlineTone', () => {
  const now = Date.parse('2026-03-01T12:00:00+08:00');
  it('is overdue when the server says so or the deadline passed', () => {
    expect(deadlineTone({ overdue: true }, now)).toBe('overdue');
    expect(deadlineTone({ overdue: false, deadline: '2026-03-01T11:00:00+08:00' }, now)).toBe('overdue');
  });
  it('is soon within a day and normal otherwise', () => {
    expect(deadlineTone({ overdue: false, deadline: '2026-03-02T08:00:00+08:00' }, now)).toBe('soon');
    expect(deadlineTone({ overdue: false, deadline: '2026-03-04T08:00:00+08:00' }, now)).toBe('normal');
    expect(deadlineTone({ overdue: false }, now)).toBe('normal');
  });
});

describe('greetingKey', () => {
  it('greets by the time of day', () => {
    expect(greetingKey(8)).toBe('workspace.greeting.morning');
    expect(greetingKey(12)).toBe('workspace.greeting.noon');
    expect(greetingKey(15)).toBe('workspace.greeting.afternoon');
    expect(greetingKey(20)).toBe('workspace.greeting.evening');
    expect(greetingKey(2)).toBe('workspace.greeting.night');
  });
});
