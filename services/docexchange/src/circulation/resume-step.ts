/** 重新送阅: a recalled step goes back to its readers, who find their drafts where they left them. */
import { appendAudit, type Principal } from '@yizhan/core';
import type { DocContext } from '../context';
import { announce } from './announce';
import { assertManageable, loadForClerk, lockStep, stepConflict } from './manage-access';
import { activateStep, advanceRoute, mergeEffects } from './route';

export async function resumeStep(ctx: DocContext, p: Principal, circulationId: string, stepId: string, ip?: string): Promise<void> {
  const circ = await loadForClerk(ctx, p, circulationId, '重新送阅', ip);
  const effects = await ctx.db.transaction().execute(async (trx) => {
    const { circ: locked, step } = await lockStep(trx, circ.id, stepId);
    assertManageable(locked);
    if (step.status !== 'recalled') throw stepConflict(step, '只能重新送阅已收回的步骤');
    const now = new Date();
    await trx.updateTable('circulations').set({ status: 'running', updated_at: now }).where('id', '=', circ.id).execute();
    const running = { ...locked, status: 'running' };
    const effects = await activateStep(trx, running, step, now, { resumed: true });
    await appendAudit(trx, {
      actor: p.username,
      agencyCode: p.agencyCode,
      action: 'circulation.step.resume',
      targetType: 'circulation',
      targetId: circ.id,
      details: { stepId: step.id, position: step.position },
      ip,
    });
    // Everyone in it may have finished before the recall: then the route simply moves on.
    return mergeEffects(effects, await advanceRoute(trx, running, now));
  });
  await announce(ctx, circ, { change: effects.completed ? 'completed' : 'resumed', notes: effects.notes, todoUsers: [...effects.todoUsers, p.userId] });
}
