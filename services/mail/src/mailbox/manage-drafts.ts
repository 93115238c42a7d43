/** 草稿: the compose form saved as it is (autosave), listed in the drafts folder, removed when sent or discarded. */
import { AppError, type Principal } from '@yizhan/core';
import type { Draft } from '@yizhan/protocol';
import { SaveDraftSchema } from '@yizhan/protocol';
import type { MailContext } from '../mail-context';
import { ownMailbox, requireMailbox } from './mailbox-access';

type DraftBody = ReturnType<typeof SaveDraftSchema.parse>;

async function toDto(ctx: MailContext, row: { id: string; body: Record<string, unknown>; updated_at: Date | string }): Promise<Draft> {
  const body = SaveDraftSchema.parse(row.body);
  const uploads = body.attachments.length
    ? await ctx.db.selectFrom('mail_uploads').select(['id', 'filename', 'content_type', 'size']).where('id', 'in', body.attachments).execute()
    : [];
  return {
    ...body,
    id: row.id,
    updatedAt: new Date(row.updated_at).toISOString(),
    attachmentInfo: uploads.map((u) => ({ id: u.id, filename: u.filename, contentType: u.content_type, size: u.size })),
  };
}

export async function saveDraft(ctx: MailContext, o: { principal: Principal; draftId?: string; body: DraftBody }): Promise<Draft> {
  const { db } = ctx;
  const box = o.body.fromMailboxId ? (await requireMailbox(db, o.principal, o.body.fromMailboxId, { send: true })).mailbox : await ownMailbox(db, o.principal.userId);
  const now = new Date();
  let row;
  if (o.draftId) {
    row = await db
      .updateTable('mail_drafts')
      .set({ body: JSON.stringify(o.body), subject: o.body.subject, mailbox_id: box.id, updated_at: now })
      .where('id', '=', o.draftId)
      .where('user_id', '=', o.principal.userId)
      .returning(['id', 'body', 'updated_at'])
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', `no draft ${o.draftId}`, { userMessage: '草稿不存在或已发送' });
  } else {
    row = await db
      .insertInto('mail_drafts')
      .values({ mailbox_id: box.id, user_id: o.principal.userId, body: JSON.stringify(o.body), subject: o.body.subject, updated_at: now })
      .returning(['id', 'body', 'updated_at'])
      .executeTakeFirstOrThrow();
  }
  return toDto(ctx, row);
}

export async function listDrafts(ctx: MailContext, o: { principal: Principal; mailboxId: string }): Promise<Draft[]> {
  await requireMailbox(ctx.db, o.principal, o.mailboxId);
  const rows = await ctx.db.selectFrom('mail_drafts').select(['id', 'body', 'updated_at']).where('mailbox_id', '=', o.mailboxId).where('user_id', '=', o.principal.userId).orderBy('updated_at', 'desc').limit(200).execute();
  return Promise.all(rows.map((r) => toDto(ctx, r)));
}

export async function getDraft(ctx: MailContext, o: { principal: Principal; draftId: string }): Promise<Draft> {
  const row = await ctx.db.selectFrom('mail_drafts').select(['id', 'body', 'updated_at']).where('id', '=', o.draftId).where('user_id', '=', o.principal.userId).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `no draft ${o.draftId}`, { userMessage: '草稿不存在或已发送' });
  return toDto(ctx, row);
}

export async function deleteDraft(ctx: MailContext, o: { principal: Principal; draftId: string }): Promise<void> {
  await ctx.db.deleteFrom('mail_drafts').where('id', '=', o.draftId).where('user_id', '=', o.principal.userId).execute();
}
