/** 退回: the receiving clerk refuses an incoming document, with a reason the sender sees. */
import { AppError, appendAudit, pushNotifications, storeNotifications, type Principal } from '@yizhan/core';
import type { DocContext } from '../context';
import { requireClerk } from '../documents/access';
import { clerkIdsOf } from '../dispatch/agency-clerks';
import { loadDelivery, lockDelivery } from './load-delivery';

export async function returnDelivery(ctx: DocContext, p: Principal, deliveryId: string, reason: string, ip?: string) {
  requireClerk(p, '退回公文');
  const delivery = await loadDelivery(ctx, p, deliveryId, ip);
  const { notes, senderCode } = await ctx.db.transaction().execute(async (trx) => {
    const current = await lockDelivery(trx, deliveryId);
    if (current.status !== 'delivered') throw new AppError('CONFLICT', `delivery ${deliveryId} is ${current.status}`, { userMessage: current.status === 'signed' ? '已签收的公文不能退回' : '该公文已退回' });
    await trx.updateTable('deliveries').set({ status: 'returned', returned_at: new Date(), return_reason: reason }).where('id', '=', deliveryId).execute();
    await appendAudit(trx, { actor: p.username, agencyCode: p.agencyCode, action: 'delivery.return', targetType: 'delivery', targetId: deliveryId, details: { documentId: delivery.document_id, reason }, ip });
    const doc = await trx.selectFrom('documents').innerJoin('agencies', 'agencies.code', 'documents.agency_code').select(['documents.agency_code', 'documents.title']).where('documents.id', '=', delivery.document_id).executeTakeFirstOrThrow();
    const me = await trx.selectFrom('agencies').select('name').where('code', '=', p.agencyCode).executeTakeFirstOrThrow();
    const clerks = await clerkIdsOf(trx, [doc.agency_code]);
    const notes = await storeNotifications(trx, { userIds: clerks.get(doc.agency_code) ?? [], kind: 'delivery.returned', title: `已退回：${me.name}`, body: `${doc.title}（理由：${reason}）`, link: `/documents/${delivery.document_id}` });
    return { notes, senderCode: doc.agency_code };
  });
  pushNotifications(ctx.platform.realtime, notes);
  ctx.platform.realtime.toAgency(senderCode, 'delivery:updated', { documentId: delivery.document_id, deliveryId, agencyCode: p.agencyCode, status: 'returned' });
  ctx.platform.realtime.toAgency(p.agencyCode, 'todos:changed', { source: 'docexchange' });
}
