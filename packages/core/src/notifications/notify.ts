import type { Kysely } from 'kysely';
import type { DB, NotificationRow } from '../db/schema';
import type { Realtime } from './realtime';

export interface NotificationInput {
  userIds: string[];
  kind: string;
  title: string;
  body?: string;
  link?: string | null;
}

export type NotificationDto = ReturnType<typeof notificationDto>;
export type StoredNotification = NotificationDto & { userId: string };

export function notificationDto(n: NotificationRow) {
  return {
    id: n.id,
    kind: n.kind,
    title: n.title,
    body: n.body,
    link: n.link,
    createdAt: new Date(n.created_at).toISOString(),
    read: n.read_at !== null,
  };
}

/**
 * Stores notifications with the caller's handle — pass the transaction of the state change they
 * announce — and returns them for pushNotifications() once that transaction has committed.
 */
// Any service's handle (DB & its own tables).
/** Stores one notification (or several, in one INSERT) for its users; push them after the commit. */
export async function storeNotifications(db: Kysely<any>, n: NotificationInput | NotificationInput[]): Promise<StoredNotification[]> {
  const values = (Array.isArray(n) ? n : [n]).flatMap((one) =>
    [...new Set(one.userIds)].map((user_id) => ({ user_id, kind: one.kind, title: one.title, body: one.body ?? '', link: one.link ?? null })),
  );
  if (values.length === 0) return [];
  const rows = await (db as unknown as Kysely<DB>).insertInto('notifications').values(values).returningAll().execute();
  return rows.map((r) => ({ ...notificationDto(r), userId: r.user_id }));
}

export function pushNotifications(realtime: Realtime, stored: StoredNotification[]): void {
  for (const { userId, ...dto } of stored) realtime.toUser(userId, 'notification:new', dto);
}

/** Store and push at once, for a notification that is its own change. */
export async function notify<T extends DB>(opts: NotificationInput & { db: Kysely<T>; realtime: Realtime }): Promise<void> {
  pushNotifications(opts.realtime, await storeNotifications(opts.db, opts));
}
