/** 催阅: the clerk reminds the readers of the running step who have not finished. */
import { AppError, appendAudit, storeNotifications, type Principal } from '@yizhan/core';
import type { DocContext } from '../context';
import { announce } from './announce';
import { circulationLink, formatDeadline } from './circulation-text';
import { loadForClerk, lockStep, stepConflict } from './manage-access';

/** One reminder a minute per step is plenty; more is noise on a leader's phone. */
const REMIND_INTERVAL_MS = 60_000;

export async function remindStep(ctx: DocContext, p: Principal, circulationId: string, stepId: string, ip?: string): Promise<{ reminded: number }> {
  const circ = await loadForClerk(ctx, p, circulationId, '催阅', ip);
  const { notes, users } = await ctx.db.transaction().execute(async (trx) => {
    const { circ: locked, step } = await lockStep(trx, circ.id, stepId);
    if (step.status !== 'active' || locked.status !== 'running') throw stepConflict(step, '只能催阅正在阅办的步骤');
    const now = new Date();
    if (step.reminded_at && now.getTime() - new Date(step.reminded_at).getTime() < REMIND_INTERVAL_MS) {
      throw new AppError('RATE_LIMITED', `step ${step.id} reminded at ${new Date(step.reminded_at).toISOString()}`, { userMessage: '刚刚已催阅，请稍后再试' });
    }
    const tasks = await trx
      .updateTable('circulation_tasks')
      .set({ reminded_at: now })
      .where('step_id', '=', step.id)
      .where('status', '=', 'pending')
      .returning(['id', 'user_id'])
      .execute();
    if (tasks.length === 0) throw stepConflict(step, '该步骤的阅件人都已阅毕');
    await trx.updateTable('circulation_steps').set({ reminded_at: now }).where('id', '=', step.id).execute();
    await appendAudit(trx, {
      actor: p.username,
      agencyCode: p.agencyCode,
      action: 'circulation.remind',
      targetType: 'circulation',
      targetId: circ.id,
      details: { stepId: step.id, tasks: tasks.map((t) => t.id) },
      ip,
    });
    const late = step.deadline_at && new Date(step.deadline_at) < now;
    const notes = await storeNotifications(trx, {
      userIds: tasks.map((t) => t.user_id),
      kind: 'circulation.remind',
      title: `催阅：${locked.title}`,
      body: late
        ? `已超过阅办期限（${formatDeadline(step.deadline_at!)}），请尽快阅办`
        : step.deadline_at
          ? `请于${formatDeadline(step.deadline_at)}前阅办`
          : '请尽快阅办',
      link: circulationLink(circ.id),
    });
    return { notes, users: tasks.map((t) => t.user_id) };
  });
  await announce(ctx, circ, { change: 'reminded', notes });
  return { reminded: users.length };
}
