/** Search over what the agency sent and received: words in title/正文, 文号, the other agency, a date range. */
import type { Principal } from '@yizhan/core';
import type { DocContext } from '../context';

export interface SearchQuery {
  q?: string;
  docNumber?: string;
  agency?: string;
  from?: string;
  to?: string;
  direction: 'sent' | 'received' | 'all';
  limit: number;
}

const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
/** Dates are China dates: [from 00:00, to 24:00) in UTC+8. */
const dayStart = (d: string) => new Date(`${d}T00:00:00+08:00`);
const dayEnd = (d: string) => new Date(new Date(`${d}T00:00:00+08:00`).getTime() + 86_400_000);

export async function searchDocuments(ctx: DocContext, p: Principal, q: SearchQuery) {
  const hits = [];
  if (q.direction !== 'received') {
    let s = ctx.db
      .selectFrom('documents')
      .select(['id', 'doc_number', 'title', 'issued_at', 'updated_at', 'status', 'main_recipients'])
      .where('agency_code', '=', p.agencyCode)
      .where('status', '=', 'dispatched');
    if (q.q) s = s.where('search_text', 'ilike', like(q.q));
    if (q.docNumber) s = s.where('doc_number', 'like', like(q.docNumber));
    if (q.agency) s = s.where((eb) => eb.exists(eb.selectFrom('deliveries').select('deliveries.id').whereRef('deliveries.document_id', '=', 'documents.id').where('deliveries.recipient_code', '=', q.agency!)));
    if (q.from) s = s.where('issued_at', '>=', dayStart(q.from));
    if (q.to) s = s.where('issued_at', '<', dayEnd(q.to));
    const rows = await s.orderBy('issued_at', 'desc').limit(q.limit).execute();
    const me = await ctx.db.selectFrom('agencies').select('name').where('code', '=', p.agencyCode).executeTakeFirstOrThrow();
    hits.push(...rows.map((r) => ({ direction: 'sent' as const, documentId: r.id, deliveryId: null, docNumber: r.doc_number, title: r.title, agencyName: me.name, date: new Date(r.issued_at ?? r.updated_at).toISOString(), status: r.status })));
  }
  if (q.direction !== 'sent') {
    let r = ctx.db
      .selectFrom('deliveries')
      .innerJoin('documents', 'documents.id', 'deliveries.document_id')
      .innerJoin('agencies', 'agencies.code', 'documents.agency_code')
      .select(['deliveries.id', 'deliveries.status', 'deliveries.delivered_at', 'documents.id as document_id', 'documents.doc_number', 'documents.title', 'agencies.name as sender_name'])
      .where('deliveries.recipient_code', '=', p.agencyCode)
      .where('deliveries.status', '!=', 'pending');
    if (q.q) r = r.where('documents.search_text', 'ilike', like(q.q));
    if (q.docNumber) r = r.where('documents.doc_number', 'like', like(q.docNumber));
    if (q.agency) r = r.where('documents.agency_code', '=', q.agency);
    if (q.from) r = r.where('deliveries.delivered_at', '>=', dayStart(q.from));
    if (q.to) r = r.where('deliveries.delivered_at', '<', dayEnd(q.to));
    const rows = await r.orderBy('deliveries.delivered_at', 'desc').limit(q.limit).execute();
    hits.push(...rows.map((x) => ({ direction: 'received' as const, documentId: x.document_id, deliveryId: x.id, docNumber: x.doc_number, title: x.title, agencyName: x.sender_name, date: new Date(x.delivered_at!).toISOString(), status: x.status })));
  }
  hits.sort((a, b) => (a.date < b.date ? 1 : -1));
  return { hits: hits.slice(0, q.limit) };
}
