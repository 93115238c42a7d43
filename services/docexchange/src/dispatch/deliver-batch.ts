/**
 * Delivers one batch from the outbox: pending → delivered with its 签收 deadline, the recipient
 * agency's clerks notified, the outbox row done — all in one transaction, so a crash delivers a
 * delivery either not at all (it stays queued) or exactly once. Rows are claimed with SKIP LOCKED,
 * so several dispatchers (processes) share the queue without double work.
 */
import { appendAudit, storeNotifications, type StoredNotification } from '@yizhan/core';
import type { DocContext } from '../context';
import { clerkIdsOf } from './agency-clerks';

export interface DeliveredEvent {
  documentId: string;
  deliveryId: string;
  senderCode: string;
  recipientCode: string;
  title: string;
  docNumber: string;
  urgency: '普通' | '加急' | '特急';
  fromAgencyName: string;
}

export async function deliverBatch(ctx: DocContext, limit = 50): Promise<{ delivered: DeliveredEvent[]; notes: StoredNotification[] }> {
  const hours = ctx.platform.config.docexchange.signDeadlineHours;
  return ctx.db.transaction().execute(async (trx) => {
    const claimed = await trx
      .selectFrom('doc_outbox')
      .select(['id', 'delivery_id'])
      .where('done_at', 'is', null)
      .where('available_at', '<=', new Date())
      .orderBy('id')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (!claimed.length) return { delivered: [], notes: [] };
    const now = new Date();
    const rows = await trx
      .selectFrom('deliveries')
      .innerJoin('documents', 'documents.id', 'deliveries.document_id')
      .innerJoin('agencies', 'agencies.code', 'documents.agency_code')
      .select(['deliveries.id', 'deliveries.status', 'deliveries.recipient_code', 'documents.id as document_id', 'documents.title', 'documents.doc_number', 'documents.urgency', 'documents.agency_code', 'agencies.name as sender_name'])
      .where('deliveries.id', 'in', claimed.map((c) => c.delivery_id))
      .execute();
    const clerks = await clerkIdsOf(trx, rows.map((r) => r.recipient_code));
    const delivered: DeliveredEvent[] = [];
    const notes: StoredNotification[] = [];
    for (const r of rows) {
      if (r.status !== 'pending') continue; // already delivered by an earlier run: exactly once
      const urgency = r.urgency as DeliveredEvent['urgency'];
      const deadline = new Date(now.getTime() + hours[urgency] * 3600_000);
      await trx.updateTable('deliveries').set({ status: 'delivered', delivered_at: now, deadline_at: deadline }).where('id', '=', r.id).execute();
      await appendAudit(trx, { actor: 'system', agencyCode: r.recipient_code, action: 'delivery.delivered', targetType: 'delivery', targetId: r.id, details: { documentId: r.document_id, docNumber: r.doc_number, from: r.agency_code } });
      notes.push(
        ...(await storeNotifications(trx, {
          userIds: clerks.get(r.recipient_code) ?? [],
          kind: 'document.incoming',
          title: `${urgency === '普通' ? '' : `【${urgency}】`}新来文：${r.title}`,
          body: `${r.sender_name} ${r.doc_number}`,
          link: `/incoming/${r.id}`,
        })),
      );
      delivered.push({ documentId: r.document_id, deliveryId: r.id, senderCode: r.agency_code, recipientCode: r.recipient_code, title: r.title, docNumber: r.doc_number ?? '', urgency, fromAgencyName: r.sender_name });
    }
    await trx.updateTable('doc_outbox').set({ done_at: now }).where('id', 'in', claimed.map((c) => c.id)).execute();
    return { delivered, notes };
  });
}
