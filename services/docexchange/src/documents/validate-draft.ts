import { AppError, recordAudit, type Principal } from '@yizhan/core';
import type { DraftFields } from '@yizhan/protocol';
import type { DocContext } from '../context';

/**
 * Refuses classified documents (only 非密 may go over the network — audited, it is a security
 * event) and recipients that do not exist, are the city root or the sender itself.
 */
export async function validateDraft(ctx: DocContext, p: Principal, fields: Partial<DraftFields>, ip?: string): Promise<void> {
  if (fields.classification && fields.classification !== '非密') {
    await recordAudit(ctx.db, { actor: p.username, agencyCode: p.agencyCode, action: 'document.refused.classified', targetType: 'document', targetId: fields.title ?? '', details: { classification: fields.classification }, ip });
    throw new AppError('VALIDATION_FAILED', `classified (${fields.classification}) document refused`, {
      userMessage: `${fields.classification}公文不得通过电子公文交换系统传输，请按涉密文件管理规定办理`,
    });
  }
  const codes = [...(fields.mainRecipients ?? []), ...(fields.ccRecipients ?? [])];
  if (codes.length === 0) return;
  const dup = codes.find((c, i) => codes.indexOf(c) !== i);
  if (dup) throw new AppError('VALIDATION_FAILED', `recipient ${dup} twice`, { userMessage: `收文单位“${dup}”重复（主送和抄送不能重复）` });
  if (codes.includes(p.agencyCode)) throw new AppError('VALIDATION_FAILED', 'sender among recipients', { userMessage: '不能向本单位发文' });
  const found = await ctx.db.selectFrom('agencies').select(['code', 'kind']).where('code', 'in', codes).execute();
  const known = new Map(found.map((a) => [a.code, a.kind]));
  const unknown = codes.filter((c) => !known.has(c) || known.get(c) === 'city');
  if (unknown.length) throw new AppError('VALIDATION_FAILED', `unknown recipients ${unknown.join(',')}`, { userMessage: `收文单位不存在：${unknown.join('、')}` });
}
