import { sql } from 'kysely';
import type { Principal } from '@yizhan/core';
import type { DocContext } from '../context';
import { summarizeDocuments } from './document-view';

export type DocumentBox = 'drafts' | 'to-review' | 'to-approve' | 'in-progress' | 'sent';

/** The sender-side boxes: my drafts, waiting for me to review/sign, in the approval chain, sent. */
export async function listDocuments(ctx: DocContext, p: Principal, q: { box: DocumentBox; limit: number; offset: number }) {
  let base = ctx.db.selectFrom('documents').where('agency_code', '=', p.agencyCode);
  switch (q.box) {
    case 'drafts':
      base = base.where('status', '=', 'draft').where((eb) => (p.roles.includes('clerk') ? eb.val(true) : eb('drafter_id', '=', p.userId)));
      break;
    case 'to-review':
      base = base.where('status', '=', 'reviewing').where('reviewer_id', '=', p.userId);
      break;
    case 'to-approve':
      base = base.where('status', '=', 'approving').where('approver_id', '=', p.userId);
      break;
    case 'in-progress':
      base = base.where('status', 'in', ['reviewing', 'approving', 'issuing']);
      break;
    case 'sent':
      base = base.where('status', '=', 'dispatched');
      break;
  }
  const [rows, total] = await Promise.all([
    base.selectAll().orderBy(sql`coalesce(issued_at, updated_at)`, 'desc').limit(q.limit).offset(q.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: await summarizeDocuments(ctx, rows), total: Number(total.n) };
}
