/**
 * Delivers one batch from the outbox: pending → delivered with its 签收 deadline, the recipient
 * agency's clerks notified, the outbox row removed — all in one transaction of set-wise statements,
 * so a crash delivers a delivery either not at all (it stays queued) or exactly once. Rows are claimed with SKIP LOCKED,
 * so several dispatchers (processes) share the queue without double work.
 */
import { appendAuditEntries, storeNotifications, type StoredNotification } from '@yizhan/core';
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
    // Already delivered by an earlier run (a crash after its commit was acknowledged): exactly once.
    const pending = rows.filter((r) => r.status === 'pending');
    const delivered: DeliveredEvent[] = pending.map((r) => ({
      documentId: r.document_id,
      deliveryId: r.id,
      senderCode: r.agency_code,
      recipientCode: r.recipient_code,
      title: r.title,
      docNumber: r.doc_number ?? '',
      urgency: r.urgency as DeliveredEvent['urgency'],
      fromAgencyName: r.sender_name,
    }));
    // Set-wise: one UPDATE per urgency (the 签收 deadline depends on it), one INSERT of all
    // notifications, and the audit entries last, so the audit chain's lock is held only to COMMIT.
    for (const urgency of new Set(delivered.map((d) => d.urgency))) {
      const ids = delivered.filter((d) => d.urgency === urgency).map((d) => d.deliveryId);
      const deadline = new Date(now.getTime() + hours[urgency] * 3600_000);
      await trx.updateTable('deliveries').set({ status: 'delivered', delivered_at: now, deadline_at: deadline }).where('id', 'in', ids).execute();
    }
    const notes = await storeNotifications(
      trx,
      delivered.map((d) => ({
        userIds: clerks.get(d.recipientCode) ?? [],
        kind: 'document.incoming',
        title: `${d.urgency === '普通' ? '' : `【${d.urgency}】`}新来文：${d.title}`,
        body: `${d.fromAgencyName} ${d.docNumber}`,
        link: `/incoming/${d.deliveryId}`,
      })),
    );
    await appendAuditEntries(
      trx,
      delivered.map((d) => ({ actor: 'system', agencyCode: d.recipientCode, action: 'delivery.delivered', targetType: 'delivery', targetId: d.deliveryId, details: { documentId: d.documentId, docNumber: d.docNumber, from: d.senderCode } })),
    );
    // Done rows leave the queue (the delivery row keeps the state): a DELETE only marks the row,
    // where setting done_at wrote a new row version and new entries in the outbox's indexes.
    await trx.deleteFrom('doc_outbox').where('id', 'in', claimed.map((c) => c.id)).execute();
    return { delivered, notes };
  });
}
