/** The shared part of 核稿 and 签发 decisions: lock the document at the expected step, record the decision. */
import type { Transaction } from 'kysely';
import { AppError, appendAudit, storeNotifications, type Principal, type StoredNotification } from '@yizhan/core';
import type { DocDB, DocumentRow } from '../db/tables';
import { notFound } from './access';

export async function lockAtStep(trx: Transaction<DocDB>, p: Principal, id: string, status: 'reviewing' | 'approving'): Promise<DocumentRow> {
  const doc = await trx.selectFrom('documents').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!doc || doc.agency_code !== p.agencyCode) throw notFound();
  const assignee = status === 'reviewing' ? doc.reviewer_id : doc.approver_id;
  if (doc.status !== status) throw new AppError('CONFLICT', `document ${id} is ${doc.status}, not ${status}`, { userMessage: '公文状态已变化，请刷新' });
  if (assignee !== p.userId) throw new AppError('FORBIDDEN', `${p.username} is not the ${status} assignee`, { userMessage: status === 'reviewing' ? '您不是该公文的核稿人' : '您不是该公文的签发人' });
  return doc;
}

/** 退回修改: back to the drafter with the comment. */
export async function sendBackToDrafter(trx: Transaction<DocDB>, p: Principal, doc: DocumentRow, step: 'review' | 'approve', comment: string, ip?: string): Promise<StoredNotification[]> {
  await trx.updateTable('documents').set({ status: 'draft', updated_at: new Date() }).where('id', '=', doc.id).execute();
  await trx.insertInto('document_approvals').values({ document_id: doc.id, step, decision: 'rejected', actor_id: p.userId, comment }).execute();
  const notes = await storeNotifications(trx, { userIds: [doc.drafter_id], kind: 'document.rejected', title: `退回修改：${doc.title}`, body: comment, link: `/documents/${doc.id}` });
  // Last: the audit chain's lock is held from here to COMMIT.
  await appendAudit(trx, { actor: p.username, agencyCode: p.agencyCode, action: `document.${step}.reject`, targetType: 'document', targetId: doc.id, details: { comment }, ip });
  return notes;
}
