/** 跳过: the clerk skips a step that has not finished; its readers' unfinished work stays as their drafts. */
import { appendAudit, storeNotifications, type Principal } from '@yizhan/core';
import type { DocContext } from '../context';
import { announce } from './announce';
import { circulationLink } from './circulation-text';
import { assertManageable, loadForClerk, lockStep, stepConflict } from './manage-access';
import { advanceRoute, mergeEffects, noEffects } from './route';

export async function skipStep(ctx: DocContext, p: Principal, circulationId: string, stepId: string, ip?: string): Promise<void> {
  const circ = await loadForClerk(ctx, p, circulationId, '调整传阅路线', ip);
  const { effects, taskIds } = await ctx.db.transaction().execute(async (trx) => {
    const { circ: locked, step } = await lockStep(trx, circ.id, stepId);
    assertManageable(locked);
    if (!['pending', 'active', 'recalled'].includes(step.status)) throw stepConflict(step, '该步骤已结束，不能跳过');
    const now = new Date();
    const skipped = await trx
      .updateTable('circulation_tasks')
      .set({ status: 'skipped', done_at: now })
      .where('step_id', '=', step.id)
      .where('status', 'in', ['waiting', 'pending', 'recalled'])
      .returning(['id', 'user_id', 'status'])
      .execute();
    await trx.updateTable('circulation_steps').set({ status: 'skipped', completed_at: now }).where('id', '=', step.id).execute();
    await appendAudit(trx, {
      actor: p.username,
      agencyCode: p.agencyCode,
      action: 'circulation.step.skip',
      targetType: 'circulation',
      targetId: circ.id,
      details: { stepId: step.id, position: step.position, tasks: skipped.map((t) => t.id) },
      ip,
    });
    const effects = noEffects();
    if (step.status !== 'pending') {
      const told = skipped.map((t) => t.user_id);
      effects.notes.push(
        ...(await storeNotifications(trx, {
          userIds: told,
          kind: 'circulation.skipped',
          title: `阅件已跳过：${locked.title}`,
          body: '收发员已跳过您所在的传阅步骤，无需再阅；未提交的批注已保存为草稿',
          link: circulationLink(circ.id),
        })),
      );
      for (const u of told) effects.todoUsers.add(u);
    }
    if (step.status === 'recalled') await trx.updateTable('circulations').set({ status: 'running' }).where('id', '=', circ.id).execute();
    mergeEffects(effects, await advanceRoute(trx, { ...locked, status: 'running' }, now));
    return { effects, taskIds: skipped.map((t) => t.id) };
  });
  await announce(ctx, circ, { change: effects.completed ? 'completed' : 'step', taskIds, notes: effects.notes, todoUsers: [...effects.todoUsers, p.userId] });
}
