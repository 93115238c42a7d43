import type { Notification } from '@yizhan/protocol';

/** How many notifications the client keeps in memory (the bell shows the first few). */
export const KEEP_NOTIFICATIONS = 50;

/** A pushed notification joins the list once, newest first (a reconnect can deliver one we already fetched). */
export function addNotification(list: readonly Notification[], n: Notification): Notification[] {
  if (list.some((x) => x.id === n.id)) return [...list];
  return [n, ...list].slice(0, KEEP_NOTIFICATIONS);
}

export function markRead(list: readonly Notification[], ids?: readonly string[]): Notification[] {
  const set = ids ? new Set(ids) : null;
  return list.map((n) => (!n.read && (!set || set.has(n.id)) ? { ...n, read: true } : n));
}
