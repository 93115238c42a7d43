import type { Kysely } from 'kysely';
import type { DB, NotificationRow } from '../db/schema';
import type { Realtime } from './realtime';

export interface NotifyOptions {
  db: Kysely<DB>;
  realtime: Realtime;
  userIds: string[];
  kind: string;
  title: string;
  body?: string;
  link?: string | null;
}

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

/** Stores a notification per user and pushes it to their open clients. */
export async function notify(opts: NotifyOptions): Promise<void> {
  if (opts.userIds.length === 0) return;
  const rows = await opts.db
    .insertInto('notifications')
    .values(opts.userIds.map((user_id) => ({ user_id, kind: opts.kind, title: opts.title, body: opts.body ?? '', link: opts.link ?? null })))
    .returningAll()
    .execute();
  for (const row of rows) opts.realtime.toUser(row.user_id, 'notification:new', notificationDto(row));
}
