/** The mailboxes a user reads — their own first, then unit mailboxes granted to them — with folders, counts and quota. */
import { sql } from 'kysely';
import type { Principal } from '@yizhan/core';
import type { FolderRole, MailboxList } from '@yizhan/protocol';
import type { MailContext } from '../mail-context';
import { accessibleMailboxes } from './mailbox-access';

export async function listMailboxes(ctx: MailContext, p: Principal): Promise<MailboxList> {
  const { db } = ctx;
  const boxes = await accessibleMailboxes(db, p.userId);
  if (boxes.length === 0) return { mailboxes: [] };
  const ids = boxes.map((b) => b.mailbox.id);
  const [folders, drafts] = await Promise.all([
    sql<{ id: string; mailbox_id: string; role: FolderRole | null; name: string; sort_order: number; total: number; unread: number }>`
      SELECT f.id, f.mailbox_id, f.role, f.name, f.sort_order,
        (SELECT count(*) FROM mail_entries e WHERE e.folder_id = f.id) AS total,
        (SELECT count(*) FROM mail_entries e WHERE e.folder_id = f.id AND NOT e.seen) AS unread
      FROM mail_folders f WHERE f.mailbox_id IN (${sql.join(ids)})
      ORDER BY f.sort_order, f.created_at, f.name
    `.execute(db),
    db.selectFrom('mail_drafts').select(['mailbox_id', (eb) => eb.fn.countAll<number>().as('n')]).where('mailbox_id', 'in', ids).where('user_id', '=', p.userId).groupBy('mailbox_id').execute(),
  ]);
  const draftCount = new Map(drafts.map((d) => [d.mailbox_id, Number(d.n)]));
  return {
    mailboxes: boxes.map(({ mailbox, canSend }) => ({
      id: mailbox.id,
      kind: mailbox.kind,
      address: mailbox.address,
      displayName: mailbox.display_name,
      canSend,
      quota: { usedBytes: Number(mailbox.used_bytes), limitBytes: Number(mailbox.quota_bytes) },
      folders: folders.rows
        .filter((f) => f.mailbox_id === mailbox.id)
        .map((f) => ({
          id: f.id,
          role: f.role,
          name: f.name,
          total: f.role === 'drafts' ? (draftCount.get(mailbox.id) ?? 0) : Number(f.total),
          unread: f.role === 'drafts' ? 0 : Number(f.unread),
        })),
    })),
  };
}
