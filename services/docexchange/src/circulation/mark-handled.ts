/** 办理完毕: the department assigned to handle the document reports back; the agency's clerks are told. */
import { AppError, appendAudit, storeNotifications, type Principal } from '@yizhan/core';
import type { DocContext } from '../context';
import { clerkIdsOf } from '../dispatch/agency-clerks';
import { loadCirculation, lockCirculation } from './access';
import { announce } from './announce';
import { circulationLink } from './circulation-text';

export async function markHandled(ctx: DocContext, p: Principal, circulationId: string, note: string, ip?: string): Promise<void> {
  const { circ, role } = await loadCirculation(ctx, p, circulationId, 'view', ip);
  if (role !== 'assignee' || !(p.roles.includes('clerk') || p.roles.includes('staff'))) {
    throw new AppError('FORBIDDEN', `${p.username} does not handle circulation ${circ.id}`, { userMessage: '只有承办单位的人员可以填写办理结果' });
  }
  const { notes, clerks } = await ctx.db.transaction().execute(async (trx) => {
    const locked = await lockCirculation(trx, circ.id);
    if (locked.status !== 'assigned') throw new AppError('CONFLICT', `circulation ${circ.id} is ${locked.status}`, { userMessage: '该件已办理完毕' });
    const now = new Date();
    await trx
      .updateTable('circulations')
      .set({ status: 'handled', handled_at: now, handled_by: p.userId, handled_note: note, updated_at: now })
      .where('id', '=', circ.id)
      .execute();
    await appendAudit(trx, {
      actor: p.username,
      agencyCode: p.agencyCode,
      action: 'circulation.handled',
      targetType: 'circulation',
      targetId: circ.id,
      details: { note },
      ip,
    });
    const clerks = (await clerkIdsOf(trx, [circ.agency_code, p.agencyCode])).get(circ.agency_code) ?? [];
    const notes = await storeNotifications(trx, {
      userIds: clerks,
      kind: 'circulation.handled',
      title: `已办理：${circ.title}`,
      body: note,
      link: circulationLink(circ.id),
    });
    const handlers = await trx.selectFrom('users').select('id').where('agency_code', '=', p.agencyCode).execute();
    return { notes, clerks: [...clerks, ...handlers.map((h) => h.id)] };
  });
  await announce(ctx, circ, { change: 'handled', notes, todoUsers: clerks });
}
