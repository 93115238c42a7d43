/** 催办: deliveries past their 签收 deadline are flagged once, and both agencies' clerks are reminded. */
import { appendAudit, storeNotifications, type StoredNotification } from '@yizhan/core';
import type { DocContext } from '../context';
import { clerkIdsOf } from './agency-clerks';

export async function sweepOverdue(ctx: DocContext, limit = 200): Promise<{ overdue: { deliveryId: string; documentId: string; senderCode: string; recipientCode: string }[]; notes: StoredNotification[] }> {
  return ctx.db.transaction().execute(async (trx) => {
    const now = new Date();
    const rows = await trx
      .selectFrom('deliveries')
      .innerJoin('documents', 'documents.id', 'deliveries.document_id')
      .innerJoin('agencies as sender', 'sender.code', 'documents.agency_code')
      .innerJoin('agencies as recipient', 'recipient.code', 'deliveries.recipient_code')
      .select(['deliveries.id', 'deliveries.recipient_code', 'documents.id as document_id', 'documents.agency_code', 'documents.title', 'documents.doc_number', 'sender.name as sender_name', 'recipient.name as recipient_name'])
      .where('deliveries.status', '=', 'delivered')
      .where('deliveries.deadline_at', '<', now)
      .where('deliveries.overdue_notified_at', 'is', null)
      .orderBy('deliveries.deadline_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (!rows.length) return { overdue: [], notes: [] };
    const clerks = await clerkIdsOf(trx, rows.flatMap((r) => [r.recipient_code, r.agency_code]));
    const notes: StoredNotification[] = [];
    for (const r of rows) {
      await trx.updateTable('deliveries').set({ overdue_notified_at: now }).where('id', '=', r.id).execute();
      await appendAudit(trx, { actor: 'system', agencyCode: r.recipient_code, action: 'delivery.overdue', targetType: 'delivery', targetId: r.id, details: { documentId: r.document_id, docNumber: r.doc_number } });
      notes.push(
        ...(await storeNotifications(trx, { userIds: clerks.get(r.recipient_code) ?? [], kind: 'document.overdue', title: `催办：${r.title} 已逾期未签收`, body: `${r.sender_name} ${r.doc_number}`, link: `/incoming/${r.id}` })),
        ...(await storeNotifications(trx, { userIds: clerks.get(r.agency_code) ?? [], kind: 'delivery.overdue', title: `逾期未签收：${r.recipient_name}`, body: `${r.doc_number} ${r.title}`, link: `/documents/${r.document_id}` })),
      );
    }
    return { overdue: rows.map((r) => ({ deliveryId: r.id, documentId: r.document_id, senderCode: r.agency_code, recipientCode: r.recipient_code })), notes };
  });
}
