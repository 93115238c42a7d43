import { appendAudit } from '@yizhan/core';
import { asCoreTrx } from '../db/tables';
import type { MailContext } from '../mail-context';
import { findMailbox } from './find-mailbox';

/** 配额: a mailbox's limit. Mail already there stays; new mail is refused (552) while it is over. */
export async function setQuota(ctx: MailContext, o: { actor: string; mailbox: string; quotaMb: number; ip?: string }) {
  const box = await findMailbox(ctx.db, o.mailbox);
  const bytes = o.quotaMb * 1024 * 1024;
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('mail_mailboxes').set({ quota_bytes: bytes }).where('id', '=', box.id).execute();
    await appendAudit(asCoreTrx(trx), { actor: o.actor, agencyCode: box.agency_code, action: 'mail.quota.set', targetType: 'mailbox', targetId: box.address, details: { from: Number(box.quota_bytes), to: bytes }, ip: o.ip });
  });
  ctx.recipients.clear();
  return { address: box.address, usedBytes: Number(box.used_bytes), limitBytes: bytes };
}
