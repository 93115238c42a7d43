/** 催办 by hand: the sender's clerk reminds every recipient that has not signed yet. */
import { AppError, appendAudit, pushNotifications, storeNotifications, type Principal } from '@yizhan/core';
import type { DocContext } from '../context';
import { clerkIdsOf } from '../dispatch/agency-clerks';
import { notFound, requireClerk } from './access';

export async function remindRecipients(ctx: DocContext, p: Principal, documentId: string, ip?: string): Promise<number> {
  requireClerk(p, '催办');
  const notes = await ctx.db.transaction().execute(async (trx) => {
    const doc = await trx.selectFrom('documents').select(['id', 'agency_code', 'title', 'doc_number', 'status']).where('id', '=', documentId).executeTakeFirst();
    if (!doc || doc.agency_code !== p.agencyCode) throw notFound();
    const waiting = await trx.selectFrom('deliveries').select(['id', 'recipient_code']).where('document_id', '=', documentId).where('status', '=', 'delivered').forUpdate().execute();
    if (!waiting.length) throw new AppError('CONFLICT', 'nothing to remind', { userMessage: '所有单位均已签收或退回，无需催办' });
    await trx.updateTable('deliveries').set({ reminded_at: new Date() }).where('id', 'in', waiting.map((w) => w.id)).execute();
    await appendAudit(trx, { actor: p.username, agencyCode: p.agencyCode, action: 'document.remind', targetType: 'document', targetId: documentId, details: { recipients: waiting.map((w) => w.recipient_code) }, ip });
    const clerks = await clerkIdsOf(trx, waiting.map((w) => w.recipient_code));
    const out = [];
    for (const w of waiting) {
      out.push(...(await storeNotifications(trx, { userIds: clerks.get(w.recipient_code) ?? [], kind: 'document.remind', title: `催办：请尽快签收《${doc.title}》`, body: doc.doc_number ?? '', link: `/incoming/${w.id}` })));
    }
    return out;
  });
  pushNotifications(ctx.platform.realtime, notes);
  return notes.length;
}
