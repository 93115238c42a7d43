/**
 * Read/unread, flag, move and delete on entries the principal may read. Deleting moves to 已删除;
 * deleting there removes the entry for good, gives its size back to the quota and, when no
 * mailbox or queue holds the message any more, removes the message and the blobs nobody else uses.
 */
import { sql } from 'kysely';
import { AppError, type Principal } from '@yizhan/core';
import type { MailContext } from '../mail-context';
import { accessibleMailboxes } from './mailbox-access';

async function ownedEntries(ctx: MailContext, p: Principal, ids: string[]) {
  const boxes = (await accessibleMailboxes(ctx.db, p.userId)).map((b) => b.mailbox.id);
  if (boxes.length === 0) return [];
  return ctx.db.selectFrom('mail_entries').select(['id', 'mailbox_id', 'folder_id', 'message_id', 'size']).where('id', 'in', ids).where('mailbox_id', 'in', boxes).execute();
}

function requireAll(found: number, wanted: number) {
  if (found !== wanted) throw new AppError('NOT_FOUND', 'some mail entries are not the caller’s', { userMessage: '部分邮件不存在或已被删除，请刷新后重试' });
}

export async function setFlags(ctx: MailContext, o: { principal: Principal; ids: string[]; seen?: boolean; flagged?: boolean }): Promise<number> {
  const entries = await ownedEntries(ctx, o.principal, o.ids);
  requireAll(entries.length, new Set(o.ids).size);
  const set: { seen?: boolean; flagged?: boolean } = {};
  if (o.seen !== undefined) set.seen = o.seen;
  if (o.flagged !== undefined) set.flagged = o.flagged;
  if (Object.keys(set).length === 0 || entries.length === 0) return 0;
  await ctx.db.updateTable('mail_entries').set(set).where('id', 'in', entries.map((e) => e.id)).execute();
  return entries.length;
}

export async function moveEntries(ctx: MailContext, o: { principal: Principal; ids: string[]; folderId: string }): Promise<number> {
  const entries = await ownedEntries(ctx, o.principal, o.ids);
  requireAll(entries.length, new Set(o.ids).size);
  const folder = await ctx.db.selectFrom('mail_folders').select(['id', 'mailbox_id', 'role']).where('id', '=', o.folderId).executeTakeFirst();
  if (!folder) throw new AppError('NOT_FOUND', `no folder ${o.folderId}`, { userMessage: '目标文件夹不存在' });
  if (folder.role === 'drafts') throw new AppError('VALIDATION_FAILED', 'cannot move mail into drafts', { userMessage: '不能把邮件移到草稿箱' });
  if (entries.some((e) => e.mailbox_id !== folder.mailbox_id)) {
    throw new AppError('VALIDATION_FAILED', 'move across mailboxes', { userMessage: '只能在同一个邮箱内移动邮件' });
  }
  await ctx.db.updateTable('mail_entries').set({ folder_id: folder.id }).where('id', 'in', entries.map((e) => e.id)).execute();
  return entries.length;
}

export async function deleteEntries(ctx: MailContext, o: { principal: Principal; ids: string[] }): Promise<number> {
  const { db } = ctx;
  const entries = await ownedEntries(ctx, o.principal, o.ids);
  requireAll(entries.length, new Set(o.ids).size);
  if (entries.length === 0) return 0;
  const trash = await db.selectFrom('mail_folders').select(['id', 'mailbox_id']).where('mailbox_id', 'in', [...new Set(entries.map((e) => e.mailbox_id))]).where('role', '=', 'trash').execute();
  const trashOf = new Map(trash.map((t) => [t.mailbox_id, t.id]));
  const toTrash = entries.filter((e) => trashOf.get(e.mailbox_id) !== e.folder_id);
  const toExpunge = entries.filter((e) => trashOf.get(e.mailbox_id) === e.folder_id);
  const orphans = await db.transaction().execute(async (trx) => {
    for (const [mailboxId, trashId] of trashOf) {
      const ids = toTrash.filter((e) => e.mailbox_id === mailboxId).map((e) => e.id);
      if (ids.length) await trx.updateTable('mail_entries').set({ folder_id: trashId }).where('id', 'in', ids).execute();
    }
    if (toExpunge.length === 0) return [];
    await trx.deleteFrom('mail_entries').where('id', 'in', toExpunge.map((e) => e.id)).execute();
    const freed = new Map<string, number>();
    for (const e of toExpunge) freed.set(e.mailbox_id, (freed.get(e.mailbox_id) ?? 0) + Number(e.size));
    for (const [id, bytes] of freed) await trx.updateTable('mail_mailboxes').set({ used_bytes: sql`greatest(used_bytes - ${bytes}, 0)` }).where('id', '=', id).execute();
    // Messages nobody holds any more (no entry, nothing left to send) go, with their metadata.
    const candidates = [...new Set(toExpunge.map((e) => e.message_id))];
    const parts = await trx.selectFrom('mail_attachments').select(['message_id', 'sha256']).where('message_id', 'in', candidates).execute();
    const gone = await trx
      .deleteFrom('mail_messages')
      .where('id', 'in', candidates)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('mail_entries').select('id').whereRef('mail_entries.message_id', '=', 'mail_messages.id'))))
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('mail_outbound').select('id').whereRef('mail_outbound.message_id', '=', 'mail_messages.id').where('status', 'in', ['queued', 'sending']))),
      )
      .returning(['id', 'raw_sha256'])
      .execute();
    const goneIds = new Set(gone.map((g) => g.id));
    return [...gone.map((g) => g.raw_sha256), ...parts.filter((a) => goneIds.has(a.message_id)).map((a) => a.sha256)];
  });
  await collectBlobs(ctx, orphans);
  return entries.length;
}

/** Deletes blobs that no message, attachment, upload or queue row refers to any more. */
export async function collectBlobs(ctx: MailContext, shas: string[]): Promise<void> {
  for (const sha of new Set(shas)) {
    const used = await sql<{ n: number }>`
      SELECT (SELECT count(*) FROM mail_messages WHERE raw_sha256 = ${sha})
           + (SELECT count(*) FROM mail_attachments WHERE sha256 = ${sha})
           + (SELECT count(*) FROM mail_uploads WHERE sha256 = ${sha})
           + (SELECT count(*) FROM mail_outbound WHERE raw_sha256 = ${sha} AND status IN ('queued', 'sending')) AS n
    `.execute(ctx.db);
    if (Number(used.rows[0]?.n ?? 1) === 0) await ctx.platform.blobs.delete(sha).catch(() => {});
  }
}
