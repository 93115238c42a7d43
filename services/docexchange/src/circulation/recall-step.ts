/**
 * 收回: the clerk takes back the running step. Readers who had not finished keep what they wrote as a
 * draft and are told; the route pauses until the clerk sends the step again (resume) or skips it.
 */
import { appendAudit, storeNotifications, type Principal } from '@yizhan/core';
import type { DocContext } from '../context';
import { announce } from './announce';
import { circulationLink } from './circulation-text';
import { assertManageable, loadForClerk, lockStep, stepConflict } from './manage-access';

export async function recallStep(ctx: DocContext, p: Principal, circulationId: string, stepId: string, ip?: string): Promise<void> {
  const circ = await loadForClerk(ctx, p, circulationId, '收回阅件', ip);
  const { notes, recalled } = await ctx.db.transaction().execute(async (trx) => {
    const { circ: locked, step } = await lockStep(trx, circ.id, stepId);
    assertManageable(locked);
    if (step.status !== 'active') throw stepConflict(step, '只能收回正在阅办的步骤');
    const now = new Date();
    const recalled = await trx
      .updateTable('circulation_tasks')
      .set({ status: 'recalled', recalled_at: now })
      .where('step_id', '=', step.id)
      .where('status', '=', 'pending')
      .returning(['id', 'user_id', 'draft_saved_at'])
      .execute();
    await trx.updateTable('circulation_steps').set({ status: 'recalled' }).where('id', '=', step.id).execute();
    await trx.updateTable('circulations').set({ status: 'paused', updated_at: now }).where('id', '=', circ.id).execute();
    await appendAudit(trx, {
      actor: p.username,
      agencyCode: p.agencyCode,
      action: 'circulation.step.recall',
      targetType: 'circulation',
      targetId: circ.id,
      details: { stepId: step.id, position: step.position, tasks: recalled.map((t) => ({ id: t.id, draftKept: !!t.draft_saved_at })) },
      ip,
    });
    const notes = await storeNotifications(trx, {
      userIds: recalled.map((t) => t.user_id),
      kind: 'circulation.recalled',
      title: `阅件已收回：${locked.title}`,
      body: '收发员已收回该阅件，您未提交的批注已保存为草稿，重新送阅后可继续批注',
      link: circulationLink(circ.id),
    });
    return { notes, recalled };
  });
  await announce(ctx, circ, { change: 'recalled', taskIds: recalled.map((t) => t.id), notes, todoUsers: [...recalled.map((t) => t.user_id), p.userId] });
}
