/** The docexchange part of the workspace 待办: what waits for this user. */
import type { Principal } from '@yizhan/core';
import type { TodoItem } from '@yizhan/protocol';
import type { DocContext } from '../context';
import { isOverdue } from './document-view';

export async function listDocexchangeTodos(ctx: DocContext, p: Principal): Promise<TodoItem[]> {
  const items: TodoItem[] = [];
  const mine = await ctx.db
    .selectFrom('documents')
    .select(['id', 'title', 'urgency', 'status', 'updated_at'])
    .where('agency_code', '=', p.agencyCode)
    .where((eb) => eb.or([eb.and([eb('status', '=', 'reviewing'), eb('reviewer_id', '=', p.userId)]), eb.and([eb('status', '=', 'approving'), eb('approver_id', '=', p.userId)])]))
    .limit(100)
    .execute();
  for (const d of mine) {
    items.push({ id: `doc:${d.id}`, source: 'docexchange', kind: d.status === 'reviewing' ? '待核稿' : '待签发', title: d.title, urgency: d.urgency as TodoItem['urgency'], overdue: false, link: `/documents/${d.id}`, createdAt: new Date(d.updated_at).toISOString() });
  }
  if (p.roles.includes('clerk')) {
    const incoming = await ctx.db
      .selectFrom('deliveries')
      .innerJoin('documents', 'documents.id', 'deliveries.document_id')
      .innerJoin('agencies', 'agencies.code', 'documents.agency_code')
      .select(['deliveries.id', 'deliveries.status', 'deliveries.deadline_at', 'deliveries.delivered_at', 'documents.title', 'documents.urgency', 'agencies.name as sender_name'])
      .where('deliveries.recipient_code', '=', p.agencyCode)
      .where('deliveries.status', '=', 'delivered')
      .limit(200)
      .execute();
    for (const d of incoming) {
      items.push({
        id: `in:${d.id}`,
        source: 'docexchange',
        kind: '待签收',
        title: d.title,
        from: d.sender_name,
        urgency: d.urgency as TodoItem['urgency'],
        deadline: d.deadline_at ? new Date(d.deadline_at).toISOString() : undefined,
        overdue: isOverdue(d),
        link: `/incoming/${d.id}`,
        createdAt: new Date(d.delivered_at!).toISOString(),
      });
    }
    const late = await ctx.db
      .selectFrom('deliveries')
      .innerJoin('documents', 'documents.id', 'deliveries.document_id')
      .innerJoin('agencies', 'agencies.code', 'deliveries.recipient_code')
      .select(['deliveries.id', 'deliveries.document_id', 'deliveries.deadline_at', 'documents.title', 'documents.urgency', 'agencies.name as recipient_name'])
      .where('documents.agency_code', '=', p.agencyCode)
      .where('deliveries.status', '=', 'delivered')
      .where('deliveries.deadline_at', '<', new Date())
      .limit(100)
      .execute();
    for (const d of late) {
      items.push({ id: `late:${d.id}`, source: 'docexchange', kind: '对方逾期未签收', title: d.title, from: d.recipient_name, urgency: d.urgency as TodoItem['urgency'], deadline: new Date(d.deadline_at!).toISOString(), overdue: true, link: `/documents/${d.document_id}`, createdAt: new Date(d.deadline_at!).toISOString() });
    }
  }
  return items;
}
