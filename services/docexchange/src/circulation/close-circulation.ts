/**
 * After the route is complete the clerk decides: 办结 (closed, nothing more to do) or 承办 (a
 * department handles it: it gets the document, the leaders' signed instructions and the annotated
 * copy, and a 待承办 item). Either way the decision is in the audit log.
 */
import { AppError, appendAudit, storeNotifications, type Principal } from '@yizhan/core';
import { sql } from 'kysely';
import type { CloseCirculation } from '@yizhan/protocol';
import type { DocContext } from '../context';
import { clerkIdsOf } from '../dispatch/agency-clerks';
import { lockCirculation } from './access';
import { announce } from './announce';
import { circulationLink } from './circulation-text';
import { loadForClerk } from './manage-access';
import { produceAnnotatedCopy } from './produce-annotated-copy';

export async function closeCirculation(ctx: DocContext, p: Principal, circulationId: string, input: CloseCirculation, ip?: string): Promise<void> {
  const circ = await loadForClerk(ctx, p, circulationId, '办结传阅', ip);
  if (circ.status !== 'completed') {
    throw new AppError('CONFLICT', `circulation ${circ.id} is ${circ.status}`, {
      userMessage: circ.status === 'running' || circ.status === 'paused' ? '传阅尚未完成，不能办结' : '该传阅已办结',
    });
  }
  if (input.outcome === 'assign') {
    const agency = await ctx.db.selectFrom('agencies').select(['code', 'name', 'kind']).where('code', '=', input.agencyCode).executeTakeFirst();
    if (!agency || agency.kind === 'city') throw new AppError('VALIDATION_FAILED', `no agency ${input.agencyCode}`, { userMessage: '承办单位不存在' });
    // The instructions go with it: an annotated copy that includes every submitted layer.
    if (!circ.annotated_at || (circ.completed_at && new Date(circ.annotated_at) < new Date(circ.completed_at))) await produceAnnotatedCopy(ctx, p, circ.id, ip);
  }
  const now = new Date();
  const { notes, todoUsers } = await ctx.db.transaction().execute(async (trx) => {
    const locked = await lockCirculation(trx, circ.id);
    if (locked.status !== 'completed')
      throw new AppError('CONFLICT', `circulation ${circ.id} changed to ${locked.status}`, { userMessage: '该传阅状态已变化，请刷新' });
    await trx
      .updateTable('circulations')
      .set({
        status: input.outcome === 'done' ? 'closed' : 'assigned',
        outcome: input.outcome,
        outcome_agency_code: input.outcome === 'assign' ? input.agencyCode : null,
        outcome_note: input.note,
        outcome_at: now,
        outcome_by: p.userId,
        updated_at: now,
      })
      .where('id', '=', circ.id)
      .execute();
    await appendAudit(trx, {
      actor: p.username,
      agencyCode: p.agencyCode,
      action: input.outcome === 'done' ? 'circulation.close' : 'circulation.assign',
      targetType: 'circulation',
      targetId: circ.id,
      details: { outcome: input.outcome, ...(input.outcome === 'assign' ? { agencyCode: input.agencyCode } : {}), note: input.note },
      ip,
    });
    const clerks = (await clerkIdsOf(trx, [circ.agency_code])).get(circ.agency_code) ?? [];
    if (input.outcome === 'done') return { notes: [], todoUsers: clerks };
    const handlers = await trx
      .selectFrom('users')
      .select('id')
      .where('agency_code', '=', input.agencyCode)
      .where('disabled', '=', false)
      .where(sql<boolean>`(roles ? 'clerk' OR roles ? 'staff')`)
      .execute();
    const ids = handlers.map((h) => h.id);
    const notes = await storeNotifications(trx, {
      userIds: ids,
      kind: 'circulation.assigned',
      title: `承办：${circ.title}`,
      body: `${circ.doc_number} 已附领导批示${input.note ? `；${input.note}` : ''}`,
      link: circulationLink(circ.id),
    });
    return { notes, todoUsers: [...clerks, ...ids] };
  });
  await announce(ctx, { ...circ, outcome_agency_code: input.outcome === 'assign' ? input.agencyCode : null }, { change: 'closed', notes, todoUsers });
}
