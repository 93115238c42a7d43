/** 登记: a signed incoming document gets the next 收文编号 of the agency's register (gap-free per year). */
import { AppError, appendAudit, type Principal } from '@yizhan/core';
import type { DocContext } from '../context';
import { requireClerk } from '../documents/access';
import { chinaYear, nextSequenceNumber } from '../documents/numbering';
import { loadDelivery, lockDelivery } from '../incoming/load-delivery';
import { registerEntryDto } from './register-entry';

export async function registerIncoming(ctx: DocContext, p: Principal, deliveryId: string, proposal: string, ip?: string) {
  requireClerk(p, '登记收文');
  await loadDelivery(ctx, p, deliveryId, ip);
  return ctx.db.transaction().execute(async (trx) => {
    const delivery = await lockDelivery(trx, deliveryId);
    if (delivery.status !== 'signed') throw new AppError('CONFLICT', `delivery ${deliveryId} is ${delivery.status}`, { userMessage: '请先签收再登记' });
    const existing = await trx.selectFrom('incoming_register').select('id').where('delivery_id', '=', deliveryId).executeTakeFirst();
    if (existing) throw new AppError('CONFLICT', `delivery ${deliveryId} already registered`, { userMessage: '该公文已登记' });
    const doc = await trx
      .selectFrom('documents')
      .innerJoin('agencies', 'agencies.code', 'documents.agency_code')
      .select(['documents.doc_number', 'documents.title', 'documents.classification', 'documents.urgency', 'agencies.name as sender_name'])
      .where('documents.id', '=', delivery.document_id)
      .executeTakeFirstOrThrow();
    const me = await trx.selectFrom('agencies').select('doc_prefix').where('code', '=', p.agencyCode).executeTakeFirstOrThrow();
    const year = chinaYear(new Date());
    const seq = await nextSequenceNumber(trx, p.agencyCode, year, 'incoming');
    const row = await trx
      .insertInto('incoming_register')
      .values({
        agency_code: p.agencyCode,
        delivery_id: deliveryId,
        year,
        seq,
        register_number: `${me.doc_prefix}收〔${year}〕${seq}号`,
        from_agency_name: doc.sender_name,
        doc_number: doc.doc_number ?? '',
        title: doc.title,
        classification: doc.classification,
        urgency: doc.urgency,
        received_at: delivery.delivered_at!,
        registered_by: p.userId,
        proposal,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, { actor: p.username, agencyCode: p.agencyCode, action: 'register.add', targetType: 'delivery', targetId: deliveryId, details: { registerNumber: row.register_number, proposal }, ip });
    return registerEntryDto({ ...row, registered_by_name: p.name });
  });
}
