/** 核稿: the reviewer passes the draft on to the signing leader, or sends it back. */
import { appendAudit, pushNotifications, storeNotifications, type Principal } from '@yizhan/core';
import type { DocContext } from '../context';
import { lockAtStep, sendBackToDrafter } from './decide-step';

export async function reviewDraft(ctx: DocContext, p: Principal, id: string, decision: { decision: 'approve' | 'reject'; comment: string }, ip?: string) {
  const { notes, status } = await ctx.db.transaction().execute(async (trx) => {
    const doc = await lockAtStep(trx, p, id, 'reviewing');
    if (decision.decision === 'reject') return { notes: await sendBackToDrafter(trx, p, doc, 'review', decision.comment, ip), status: 'draft' as const };
    await trx.updateTable('documents').set({ status: 'approving', updated_at: new Date() }).where('id', '=', id).execute();
    await trx.insertInto('document_approvals').values({ document_id: id, step: 'review', decision: 'approved', actor_id: p.userId, comment: decision.comment }).execute();
    await appendAudit(trx, { actor: p.username, agencyCode: p.agencyCode, action: 'document.review.approve', targetType: 'document', targetId: id, details: { comment: decision.comment }, ip });
    return { notes: await storeNotifications(trx, { userIds: [doc.approver_id!], kind: 'document.approve', title: `待签发：${doc.title}`, link: `/documents/${id}` }), status: 'approving' as const };
  });
  pushNotifications(ctx.platform.realtime, notes);
  for (const n of notes) ctx.platform.realtime.toUser(n.userId, 'todos:changed', { source: 'docexchange' });
  ctx.platform.realtime.toAgency(p.agencyCode, 'document:updated', { documentId: id, status });
  return status;
}
