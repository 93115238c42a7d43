/**
 * 签发: the leader approves issuance. Numbering happens in this transaction (unique, gap-free); the
 * document then is 'issuing' until complete-issuance has laid it out, sealed, packaged, encrypted it
 * and queued its deliveries. A crash in between leaves it 'issuing', and the dispatcher's start-up
 * sweep finishes it — with the number it already has.
 */
import { AppError, appendAudit, pushNotifications, type Principal } from '@yizhan/core';
import type { DocContext } from '../context';
import { lockAtStep, sendBackToDrafter } from './decide-step';
import { chinaYear, formatDocNumber, nextSequenceNumber } from './numbering';
import { completeIssuance } from './complete-issuance';

export async function approveDocument(ctx: DocContext, p: Principal, id: string, decision: { decision: 'approve' | 'reject'; comment: string }, ip?: string) {
  if (!p.roles.includes('leader')) throw new AppError('FORBIDDEN', `${p.username} is not a leader`, { userMessage: '只有领导可以签发公文' });
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    const doc = await lockAtStep(trx, p, id, 'approving');
    if (decision.decision === 'reject') return { notes: await sendBackToDrafter(trx, p, doc, 'approve', decision.comment, ip), issued: false };
    const agency = await trx.selectFrom('agencies').select(['doc_prefix']).where('code', '=', doc.agency_code).executeTakeFirstOrThrow();
    if (!agency.doc_prefix) throw new AppError('VALIDATION_FAILED', `agency ${doc.agency_code} has no doc prefix`, { userMessage: '本单位未设置发文字号前缀，请联系系统管理员' });
    await trx.insertInto('document_approvals').values({ document_id: id, step: 'approve', decision: 'approved', actor_id: p.userId, comment: decision.comment }).execute();
    // Numbering late: the agency's sequence row stays locked from here to COMMIT, and every
    // 签发 of the agency waits for it.
    const issuedAt = new Date();
    const year = chinaYear(issuedAt);
    const seq = await nextSequenceNumber(trx, doc.agency_code, year, 'outgoing');
    const docNumber = formatDocNumber(agency.doc_prefix, year, seq);
    try {
      await trx
        .updateTable('documents')
        .set({ status: 'issuing', doc_year: year, doc_seq: seq, doc_number: docNumber, signer_name: p.name, issued_at: issuedAt, updated_at: issuedAt })
        .where('id', '=', id)
        .execute();
    } catch (e) {
      // The number is taken (e.g. a number entered outside this system): nothing is issued, the
      // sequence rolls back with this transaction, the document stays with its leader.
      if ((e as { code?: string }).code === '23505') {
        throw new AppError('CONFLICT', `document number ${docNumber} already exists`, { userMessage: `发文字号“${docNumber}”已被占用，请联系系统管理员核对本单位发文编号` });
      }
      throw e;
    }
    await appendAudit(trx, { actor: p.username, agencyCode: p.agencyCode, action: 'document.issue', targetType: 'document', targetId: id, details: { docNumber, comment: decision.comment }, ip });
    return { notes: [], issued: true };
  });
  pushNotifications(ctx.platform.realtime, outcome.notes);
  if (!outcome.issued) {
    ctx.platform.realtime.toAgency(p.agencyCode, 'document:updated', { documentId: id, status: 'draft' });
    return 'draft' as const;
  }
  await completeIssuance(ctx, id);
  return 'dispatched' as const;
}
