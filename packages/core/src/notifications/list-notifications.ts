import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { notificationDto } from './notify';

export async function listNotifications(db: Kysely<DB>, userId: string, limit = 50) {
  const [rows, unread] = await Promise.all([
    db.selectFrom('notifications').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').limit(limit).execute(),
    db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(notificationDto), unread: Number(unread.n) };
}

export async function markNotificationsRead(db: Kysely<DB>, userId: string, ids?: string[]): Promise<void> {
  let q = db.updateTable('notifications').set({ read_at: new Date() }).where('user_id', '=', userId).where('read_at', 'is', null);
  if (ids) {
    if (ids.length === 0) return;
    q = q.where('id', 'in', ids);
  }
  await q.execute();
}
