import type { TodoItem, TodoSource } from '@yizhan/protocol';
import type { MessageKey } from '../../app/i18n/translate';

export const SOURCE_KEYS: Record<TodoSource, MessageKey> = {
  docexchange: 'todoSource.docexchange',
  circulation: 'todoSource.circulation',
  mail: 'todoSource.mail',
  conference: 'todoSource.conference',
};

export const SOURCE_COLORS: Record<TodoSource, string> = { docexchange: 'geekblue', circulation: 'cyan', mail: 'purple', conference: 'green' };

type Urgency = NonNullable<TodoItem['urgency']>;

export const URGENCY_COLORS: Record<Urgency, string> = { 普通: 'default', 加急: 'orange', 特急: 'red' };

const URGENCY_RANK: Record<Urgency, number> = { 特急: 0, 加急: 1, 普通: 2 };

/** Overdue first, then by urgency, then by the nearest deadline, then newest. */
export function sortTodos(items: readonly TodoItem[]): TodoItem[] {
  const deadline = (i: TodoItem) => (i.deadline ? Date.parse(i.deadline) : Number.POSITIVE_INFINITY);
  return [...items].sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      URGENCY_RANK[a.urgency ?? '普通'] - URGENCY_RANK[b.urgency ?? '普通'] ||
      deadline(a) - deadline(b) ||
      Date.parse(b.createdAt) - Date.parse(a.createdAt),
  );
}

/** A deadline is shown in red when passed (or the server says overdue), orange within a day. */
export function deadlineTone(item: Pick<TodoItem, 'deadline' | 'overdue'>, now: number): 'overdue' | 'soon' | 'normal' {
  if (item.overdue) return 'overdue';
  if (!item.deadline) return 'normal';
  const left = Date.parse(item.deadline) - now;
  if (left < 0) return 'overdue';
  return left < 24 * 3600 * 1000 ? 'soon' : 'normal';
}

/** 上午好 / 下午好 … by the hour of the day. */
export function greetingKey(hour: number): MessageKey {
  if (hour < 5) return 'workspace.greeting.night';
  if (hour < 11) return 'workspace.greeting.morning';
  if (hour < 13) return 'workspace.greeting.noon';
  if (hour < 18) return 'workspace.greeting.afternoon';
  if (hour < 23) return 'workspace.greeting.evening';
  return 'workspace.greeting.night';
}
