/** 送审: the drafter sends the draft to a reviewer (核稿, optional) and a leader who will sign it (签发). */
import { AppError, appendAudit, pushNotifications, storeNotifications, type Principal } from '@yizhan/core';
import type { DraftFields } from '@yizhan/protocol';
import type { DocContext } from '../context';
import { lockEditableDraft } from './draft-documents';

export async function submitDraft(ctx: DocContext, p: Principal, id: string, opts: { reviewer?: string; approver: string; ip?: string }) {
  const result = await ctx.db.transaction().execute(async (trx) => {
    const doc = await lockEditableDraft(trx, p, id);
    const fields = doc.fields as DraftFields;
    if (fields.mainRecipients.length === 0) throw new AppError('VALIDATION_FAILED', 'no main recipients', { userMessage: '请选择主送机关' });
    if (!fields.body.content?.length) throw new AppError('VALIDATION_FAILED', 'empty body', { userMessage: '正文不能为空' });
    const people = await trx
      .selectFrom('users')
      .select(['id', 'username', 'name', 'agency_code', 'roles', 'disabled'])
      .where('username', 'in', [opts.approver, ...(opts.reviewer ? [opts.reviewer] : [])])
      .execute();
    const approver = people.find((u) => u.username === opts.approver);
    if (!approver || approver.agency_code !== p.agencyCode || approver.disabled || !(approver.roles as string[]).includes('leader')) {
      throw new AppError('VALIDATION_FAILED', `approver ${opts.approver} is not a leader of ${p.agencyCode}`, { userMessage: '签发人必须是本单位的领导' });
    }
    const reviewer = opts.reviewer ? people.find((u) => u.username === opts.reviewer) : undefined;
    if (opts.reviewer && (!reviewer || reviewer.agency_code !== p.agencyCode || reviewer.disabled)) {
      throw new AppError('VALIDATION_FAILED', `reviewer ${opts.reviewer} not in ${p.agencyCode}`, { userMessage: '核稿人必须是本单位的人员' });
    }
    const status = reviewer ? 'reviewing' : 'approving';
    const next = reviewer ?? approver;
    await trx
      .updateTable('documents')
      .set({ status, reviewer_id: reviewer?.id ?? null, approver_id: approver.id, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await trx.insertInto('document_approvals').values({ document_id: id, step: 'submit', decision: 'submitted', actor_id: p.userId, comment: '' }).execute();
    const notes = await storeNotifications(trx, { userIds: [next.id], kind: reviewer ? 'document.review' : 'document.approve', title: `${reviewer ? '待核稿' : '待签发'}：${doc.title}`, link: `/documents/${id}` });
    // Last: the audit chain's lock is held from here to COMMIT.
    await appendAudit(trx, { actor: p.username, agencyCode: p.agencyCode, action: 'document.submit', targetType: 'document', targetId: id, details: { reviewer: opts.reviewer ?? null, approver: opts.approver }, ip: opts.ip });
    return { status, nextUserId: next.id, notes };
  });
  pushNotifications(ctx.platform.realtime, result.notes);
  ctx.platform.realtime.toUser(result.nextUserId, 'todos:changed', { source: 'docexchange' });
  ctx.platform.realtime.toAgency(p.agencyCode, 'document:updated', { documentId: id, status: result.status });
  return result;
}
