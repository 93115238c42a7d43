/** 转阅: a reader passes their turn to someone else of the agency, with a note; the step waits for them instead. */
import { AppError, appendAudit, storeNotifications, type Principal } from '@yizhan/core';
import type { DocContext } from '../context';
import { loadCirculation, lockCirculation, resolveReaders } from './access';
import { announce } from './announce';
import { circulationLink } from './circulation-text';
import { assertTaskOpen } from './task-state';

const uniqueViolation = (e: unknown) => (e as { code?: string }).code === '23505';

export async function transferTask(ctx: DocContext, p: Principal, circulationId: string, to: string, note: string, ip?: string): Promise<void> {
  const { circ, myTask } = await loadCirculation(ctx, p, circulationId, 'annotate', ip);
  const task = myTask!;
  assertTaskOpen(circ, task, 'transfer');
  if (to === p.username) throw new AppError('VALIDATION_FAILED', 'transfer to oneself', { userMessage: '不能转阅给自己' });
  const target = (await resolveReaders(ctx.db, circ.agency_code, [to])).get(to)!;
  try {
    const { notes, newTaskId } = await ctx.db.transaction().execute(async (trx) => {
      const locked = await lockCirculation(trx, circ.id);
      const current = await trx.selectFrom('circulation_tasks').selectAll().where('id', '=', task.id).forUpdate().executeTakeFirstOrThrow();
      assertTaskOpen(locked, current, 'transfer');
      const now = new Date();
      await trx
        .updateTable('circulation_tasks')
        .set({ status: 'transferred', done_at: now, opened_at: current.opened_at ?? now, transfer_note: note })
        .where('id', '=', task.id)
        .execute();
      const created = await trx
        .insertInto('circulation_tasks')
        .values({
          circulation_id: circ.id,
          step_id: current.step_id,
          user_id: target.id,
          status: 'pending',
          kind: 'transfer',
          transferred_from: task.id,
          transfer_note: note,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await appendAudit(trx, {
        actor: p.username,
        agencyCode: p.agencyCode,
        action: 'circulation.transfer',
        targetType: 'circulation',
        targetId: circ.id,
        details: { taskId: task.id, to, newTaskId: created.id, note },
        ip,
      });
      const notes = await storeNotifications(trx, {
        userIds: [target.id],
        kind: 'circulation.to-read',
        title: `转阅：${circ.title}`,
        body: `${p.name}转来：${note}`,
        link: circulationLink(circ.id),
      });
      return { notes, newTaskId: created.id };
    });
    await announce(ctx, circ, { change: 'transferred', taskIds: [task.id, newTaskId], notes, todoUsers: [p.userId, target.id] });
  } catch (e) {
    if (uniqueViolation(e)) throw new AppError('CONFLICT', `${to} already reads in this step`, { userMessage: `${target.name}已在本步骤的阅件人中` });
    throw e;
  }
}
