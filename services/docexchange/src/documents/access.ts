/** Who may see and act on a document: the rules in one place. */
import { AppError, recordAudit, type Principal } from '@yizhan/core';
import type { DocContext } from '../context';
import type { DeliveryRow, DocumentRow } from '../db/tables';

export const isClerkOrStaff = (p: Principal) => p.roles.includes('clerk') || p.roles.includes('staff');

export function notFound(what = 'document'): AppError {
  return new AppError('NOT_FOUND', `${what} not found`, { userMessage: what === 'document' ? '公文不存在' : '收文记录不存在' });
}

/** Sender side: people of the sending agency. Others get 403 and an audit entry. */
export async function assertSenderAccess(ctx: DocContext, p: Principal, doc: DocumentRow, ip?: string): Promise<void> {
  if (doc.agency_code === p.agencyCode) return;
  await recordAudit(ctx.db, { actor: p.username, agencyCode: p.agencyCode, action: 'access.denied', targetType: 'document', targetId: doc.id, details: { owner: doc.agency_code }, ip });
  throw new AppError('FORBIDDEN', `${p.username} of ${p.agencyCode} asked for document ${doc.id} of ${doc.agency_code}`, { userMessage: '您无权查看其他单位的公文' });
}

/** Recipient side: people of the receiving agency. */
export async function assertRecipientAccess(ctx: DocContext, p: Principal, delivery: DeliveryRow, ip?: string): Promise<void> {
  if (delivery.recipient_code === p.agencyCode) return;
  await recordAudit(ctx.db, { actor: p.username, agencyCode: p.agencyCode, action: 'access.denied', targetType: 'delivery', targetId: delivery.id, details: { recipient: delivery.recipient_code }, ip });
  throw new AppError('FORBIDDEN', `${p.username} of ${p.agencyCode} asked for delivery ${delivery.id} to ${delivery.recipient_code}`, { userMessage: '您无权查看其他单位的收文' });
}

export function requireClerk(p: Principal, action: string): void {
  if (!p.roles.includes('clerk')) throw new AppError('FORBIDDEN', `${p.username} is not a clerk (${action})`, { userMessage: `只有收发员可以${action}` });
}
