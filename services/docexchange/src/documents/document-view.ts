/** Documents as the client sees them (DocumentSummary / DocumentDetail of the protocol). */
import type { Principal } from '@yizhan/core';
import type { DocumentDetail, DocumentSummary, DraftFields } from '@yizhan/protocol';
import type { DocContext } from '../context';
import type { DeliveryRow, DocumentRow } from '../db/tables';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export function isOverdue(d: Pick<DeliveryRow, 'status' | 'deadline_at'>, now = Date.now()): boolean {
  return d.status === 'delivered' && d.deadline_at !== null && new Date(d.deadline_at).getTime() < now;
}

async function names(ctx: DocContext, userIds: (string | null)[]) {
  const ids = [...new Set(userIds.filter((x): x is string => !!x))];
  if (!ids.length) return new Map<string, { username: string; name: string }>();
  const rows = await ctx.db.selectFrom('users').select(['id', 'username', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, { username: r.username, name: r.name }]));
}

function assigneeOf(doc: DocumentRow): string | null {
  if (doc.status === 'reviewing') return doc.reviewer_id;
  if (doc.status === 'approving') return doc.approver_id;
  return null;
}

export async function summarizeDocuments(ctx: DocContext, docs: DocumentRow[]): Promise<DocumentSummary[]> {
  if (!docs.length) return [];
  const users = await names(ctx, docs.flatMap((d) => [d.drafter_id, assigneeOf(d)]));
  const agencies = new Map((await ctx.db.selectFrom('agencies').select(['code', 'name']).where('code', 'in', [...new Set(docs.map((d) => d.agency_code))]).execute()).map((a) => [a.code, a.name]));
  const issued = docs.filter((d) => d.status === 'dispatched').map((d) => d.id);
  const deliveries = issued.length ? await ctx.db.selectFrom('deliveries').select(['document_id', 'status', 'deadline_at']).where('document_id', 'in', issued).execute() : [];
  return docs.map((d) => {
    const mine = deliveries.filter((x) => x.document_id === d.id);
    const assignee = assigneeOf(d);
    return {
      id: d.id,
      status: d.status as DocumentSummary['status'],
      title: d.title,
      docNumber: d.doc_number,
      urgency: d.urgency as DocumentSummary['urgency'],
      agencyCode: d.agency_code,
      agencyName: agencies.get(d.agency_code) ?? d.agency_code,
      drafter: users.get(d.drafter_id)?.username ?? '',
      drafterName: users.get(d.drafter_id)?.name ?? '',
      assignee: assignee ? (users.get(assignee)?.username ?? null) : null,
      updatedAt: new Date(d.updated_at).toISOString(),
      issuedAt: iso(d.issued_at),
      deliveryCounts:
        d.status === 'dispatched'
          ? {
              total: mine.length,
              delivered: mine.filter((x) => x.status !== 'pending').length,
              signed: mine.filter((x) => x.status === 'signed').length,
              returned: mine.filter((x) => x.status === 'returned').length,
              overdue: mine.filter((x) => isOverdue(x)).length,
            }
          : null,
    };
  });
}

export async function documentDetail(ctx: DocContext, doc: DocumentRow, viewer: Principal): Promise<DocumentDetail> {
  const [summary] = await summarizeDocuments(ctx, [doc]);
  const [attachments, approvals, deliveries, users] = await Promise.all([
    ctx.db.selectFrom('document_attachments').selectAll().where('document_id', '=', doc.id).orderBy('position').execute(),
    ctx.db
      .selectFrom('document_approvals')
      .innerJoin('users', 'users.id', 'document_approvals.actor_id')
      .select(['document_approvals.step', 'document_approvals.decision', 'document_approvals.comment', 'document_approvals.at', 'users.username', 'users.name'])
      .where('document_id', '=', doc.id)
      .orderBy('document_approvals.id')
      .execute(),
    ctx.db
      .selectFrom('deliveries')
      .innerJoin('agencies', 'agencies.code', 'deliveries.recipient_code')
      .leftJoin('users', 'users.id', 'deliveries.signed_by')
      .selectAll('deliveries')
      .select(['agencies.name as agency_name', 'agencies.sort_order', 'users.name as signer_name'])
      .where('document_id', '=', doc.id)
      .orderBy('deliveries.kind', 'desc')
      .orderBy('agencies.sort_order')
      .execute(),
    names(ctx, [doc.reviewer_id, doc.approver_id]),
  ]);
  const actions: DocumentDetail['actions'] = [];
  const mine = doc.agency_code === viewer.agencyCode;
  if (mine && doc.status === 'draft' && (doc.drafter_id === viewer.userId || viewer.roles.includes('clerk'))) actions.push('edit', 'submit');
  if (doc.status === 'reviewing' && doc.reviewer_id === viewer.userId) actions.push('review');
  if (doc.status === 'approving' && doc.approver_id === viewer.userId) actions.push('approve');
  if (mine && doc.status === 'dispatched' && deliveries.some((d) => d.status === 'delivered')) actions.push('remind');
  return {
    ...summary,
    fields: doc.fields as DraftFields,
    signer: doc.signer_name,
    reviewer: doc.reviewer_id ? (users.get(doc.reviewer_id)?.username ?? null) : null,
    approver: doc.approver_id ? (users.get(doc.approver_id)?.username ?? null) : null,
    attachments: attachments.map((a) => ({ id: a.id, name: a.name, mediaType: a.media_type, size: Number(a.size), sha256: a.sha256 })),
    approvals: approvals.map((a) => ({ step: a.step as 'submit', decision: a.decision as 'submitted', actor: a.username, actorName: a.name, comment: a.comment, at: new Date(a.at).toISOString() })),
    deliveries: deliveries.map((d) => ({
      id: d.id,
      agencyCode: d.recipient_code,
      agencyName: d.agency_name,
      kind: d.kind as 'main' | 'cc',
      status: d.status as 'pending',
      deliveredAt: iso(d.delivered_at),
      deadline: iso(d.deadline_at),
      overdue: isOverdue(d),
      signedAt: iso(d.signed_at),
      signedBy: d.signer_name,
      returnedAt: iso(d.returned_at),
      returnReason: d.return_reason,
      remindedAt: iso(d.reminded_at),
    })),
    replyToDocumentId: doc.reply_to_document_id,
    actions,
  };
}
