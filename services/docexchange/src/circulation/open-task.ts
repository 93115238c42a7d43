/** The reader opened the document: the clerk's timeline shows who has it in hand now. */
import { appendAudit, type Principal } from '@yizhan/core';
import type { DocContext } from '../context';
import { loadCirculation } from './access';
import { announce } from './announce';

export async function openTask(ctx: DocContext, p: Principal, circulationId: string, ip?: string): Promise<void> {
  const { circ, myTask } = await loadCirculation(ctx, p, circulationId, 'view', ip);
  if (!myTask || myTask.status !== 'pending' || myTask.opened_at) return;
  const opened = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('circulation_tasks')
      .set({ opened_at: new Date() })
      .where('id', '=', myTask.id)
      .where('status', '=', 'pending')
      .where('opened_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!row) return false;
    await appendAudit(trx, {
      actor: p.username,
      agencyCode: p.agencyCode,
      action: 'circulation.open',
      targetType: 'circulation',
      targetId: circ.id,
      details: { taskId: myTask.id },
      ip,
    });
    return true;
  });
  if (opened) await announce(ctx, circ, { change: 'opened', taskIds: [myTask.id] });
}
