/**
 * 增加步骤: the clerk adds readers to a running route — after a given step that has not finished, or
 * at the end. Added to a completed route, it reopens it and the new step starts at once.
 */
import { AppError, appendAudit, type Principal } from '@yizhan/core';
import type { DocContext } from '../context';
import { resolveReaders } from './access';
import { announce } from './announce';
import { assertManageable, loadForClerk } from './manage-access';
import { lockCirculation } from './access';
import { activateStep, noEffects } from './route';

export async function addStep(
  ctx: DocContext,
  p: Principal,
  circulationId: string,
  input: { readers: string[]; deadline?: string; after?: string },
  ip?: string,
): Promise<string> {
  const circ = await loadForClerk(ctx, p, circulationId, '调整传阅路线', ip);
  if (input.deadline && new Date(input.deadline) <= new Date())
    throw new AppError('VALIDATION_FAILED', 'deadline in the past', { userMessage: '阅办期限应晚于当前时间' });
  const readers = await resolveReaders(ctx.db, circ.agency_code, input.readers);
  const { stepId, effects } = await ctx.db.transaction().execute(async (trx) => {
    const locked = await lockCirculation(trx, circ.id);
    assertManageable(locked);
    const steps = await trx.selectFrom('circulation_steps').selectAll().where('circulation_id', '=', circ.id).orderBy('position').execute();
    const firstOpen = steps.findIndex((s) => s.status === 'active' || s.status === 'pending' || s.status === 'recalled');
    let position: number;
    if (input.after) {
      const after = steps.find((s) => s.id === input.after);
      if (!after) throw new AppError('NOT_FOUND', `no step ${input.after}`, { userMessage: '传阅步骤不存在' });
      if (firstOpen < 0 || after.position < steps[firstOpen].position)
        throw new AppError('CONFLICT', 'insert before the running step', { userMessage: '只能在当前步骤之后增加步骤' });
      position = after.position + 1;
      await trx
        .updateTable('circulation_steps')
        .set((eb) => ({ position: eb('position', '+', 1) }))
        .where('circulation_id', '=', circ.id)
        .where('position', '>=', position)
        .execute();
    } else {
      position = (steps.at(-1)?.position ?? 0) + 1;
    }
    const now = new Date();
    const step = await trx
      .insertInto('circulation_steps')
      .values({ circulation_id: circ.id, position, status: 'pending', deadline_at: input.deadline ? new Date(input.deadline) : null })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('circulation_tasks')
      .values(input.readers.map((u) => ({ circulation_id: circ.id, step_id: step.id, user_id: readers.get(u)!.id, status: 'waiting' })))
      .execute();
    await appendAudit(trx, {
      actor: p.username,
      agencyCode: p.agencyCode,
      action: 'circulation.step.add',
      targetType: 'circulation',
      targetId: circ.id,
      details: { stepId: step.id, position, readers: input.readers, deadline: input.deadline ?? null },
      ip,
    });
    let effects = noEffects();
    if (locked.status === 'completed') {
      await trx.updateTable('circulations').set({ status: 'running', completed_at: null, updated_at: now }).where('id', '=', circ.id).execute();
      effects = await activateStep(trx, locked, step, now);
    } else {
      await trx.updateTable('circulations').set({ updated_at: now }).where('id', '=', circ.id).execute();
    }
    return { stepId: step.id, effects };
  });
  await announce(ctx, circ, { change: 'step', notes: effects.notes, todoUsers: [...effects.todoUsers, p.userId] });
  return stepId;
}
