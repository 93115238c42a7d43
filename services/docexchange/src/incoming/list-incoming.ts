import type { Principal } from '@yizhan/core';
import type { IncomingItem } from '@yizhan/protocol';
import type { DocContext } from '../context';
import { isOverdue } from '../documents/document-view';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

function incomingQuery(ctx: DocContext) {
  return ctx.db
    .selectFrom('deliveries')
    .innerJoin('documents', 'documents.id', 'deliveries.document_id')
    .innerJoin('agencies', 'agencies.code', 'documents.agency_code')
    .leftJoin('incoming_register', 'incoming_register.delivery_id', 'deliveries.id');
}

type Row = Awaited<ReturnType<typeof selectRows>>[number];
function selectRows(q: ReturnType<typeof incomingQuery>) {
  return q
    .select([
      'deliveries.id',
      'deliveries.document_id',
      'deliveries.kind',
      'deliveries.status',
      'deliveries.delivered_at',
      'deliveries.deadline_at',
      'deliveries.signed_at',
      'documents.doc_number',
      'documents.title',
      'documents.urgency',
      'documents.agency_code',
      'agencies.name as sender_name',
      'incoming_register.register_number',
    ])
    .execute();
}

export function incomingItem(r: Row): IncomingItem {
  return {
    deliveryId: r.id,
    documentId: r.document_id,
    docNumber: r.doc_number ?? '',
    title: r.title,
    urgency: r.urgency as IncomingItem['urgency'],
    fromAgencyCode: r.agency_code,
    fromAgencyName: r.sender_name,
    kind: r.kind as 'main' | 'cc',
    status: r.status as IncomingItem['status'],
    deliveredAt: iso(r.delivered_at),
    deadline: iso(r.deadline_at),
    overdue: isOverdue({ status: r.status, deadline_at: r.deadline_at }),
    signedAt: iso(r.signed_at),
    registerNumber: r.register_number ?? null,
  };
}

export async function listIncoming(ctx: DocContext, p: Principal, q: { status: 'pending' | 'signed' | 'returned' | 'all'; limit: number; offset: number }) {
  let base = incomingQuery(ctx).where('deliveries.recipient_code', '=', p.agencyCode).where('deliveries.status', '!=', 'pending');
  if (q.status === 'pending') base = base.where('deliveries.status', '=', 'delivered');
  else if (q.status !== 'all') base = base.where('deliveries.status', '=', q.status);
  const [rows, total] = await Promise.all([
    selectRows(base.orderBy('deliveries.delivered_at', 'desc').limit(q.limit).offset(q.offset)),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(incomingItem), total: Number(total.n) };
}

export async function getIncomingItem(ctx: DocContext, deliveryId: string): Promise<IncomingItem> {
  const [row] = await selectRows(incomingQuery(ctx).where('deliveries.id', '=', deliveryId));
  return incomingItem(row);
}
