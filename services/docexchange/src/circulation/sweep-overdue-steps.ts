/** Overdue steps: the readers who have not finished get a 催阅 and the clerks are told, once per step. */
import { appendAudit, storeNotifications } from '@yizhan/core';
import type { DocContext } from '../context';
import { clerkIdsOf } from '../dispatch/agency-clerks';
import { announce } from './announce';
import { circulationLink, formatDeadline } from './circulation-text';

export async function sweepOverdueSteps(ctx: DocContext, now = new Date()): Promise<number> {
  const due = await ctx.db
    .selectFrom('circulation_steps')
    .innerJoin('circulations', 'circulations.id', 'circulation_steps.circulation_id')
    .select(['circulation_steps.id', 'circulation_steps.circulation_id'])
    .where('circulation_steps.status', '=', 'active')
    .where('circulation_steps.overdue_notified_at', 'is', null)
    .where('circulation_steps.deadline_at', '<', now)
    .where('circulations.status', '=', 'running')
    .limit(100)
    .execute();
  let swept = 0;
  for (const d of due) {
    const done = await ctx.db.transaction().execute(async (trx) => {
      const circ = await trx.selectFrom('circulations').selectAll().where('id', '=', d.circulation_id).forUpdate().executeTakeFirstOrThrow();
      const step = await trx.selectFrom('circulation_steps').selectAll().where('id', '=', d.id).executeTakeFirstOrThrow();
      if (step.status !== 'active' || step.overdue_notified_at || circ.status !== 'running') return null;
      await trx.updateTable('circulation_steps').set({ overdue_notified_at: now }).where('id', '=', step.id).execute();
      const late = await trx
        .updateTable('circulation_tasks')
        .set({ reminded_at: now })
        .where('step_id', '=', step.id)
        .where('status', '=', 'pending')
        .returning(['id', 'user_id'])
        .execute();
      const names = late.length
        ? (
            await trx
              .selectFrom('users')
              .select('name')
              .where(
                'id',
                'in',
                late.map((t) => t.user_id),
              )
              .execute()
          ).map((u) => u.name)
        : [];
      await appendAudit(trx, {
        actor: 'system',
        agencyCode: circ.agency_code,
        action: 'circulation.overdue',
        targetType: 'circulation',
        targetId: circ.id,
        details: { stepId: step.id, deadline: new Date(step.deadline_at!).toISOString(), late: late.map((t) => t.id) },
      });
      const link = circulationLink(circ.id);
      const notes = await storeNotifications(trx, {
        userIds: late.map((t) => t.user_id),
        kind: 'circulation.remind',
        title: `催阅：${circ.title}`,
        body: `已超过阅办期限（${formatDeadline(step.deadline_at!)}），请尽快阅办`,
        link,
      });
      const clerks = (await clerkIdsOf(trx, [circ.agency_code])).get(circ.agency_code) ?? [];
      notes.push(
        ...(await storeNotifications(trx, {
          userIds: clerks,
          kind: 'circulation.overdue',
          title: `阅件逾期：${circ.title}`,
          body: `${names.join('、') || '阅件人'}未在期限内阅办，已自动催阅`,
          link,
        })),
      );
      return { circ, notes, todoUsers: [...clerks, ...late.map((t) => t.user_id)] };
    });
    if (done) {
      swept++;
      await announce(ctx, done.circ, { change: 'overdue', notes: done.notes, todoUsers: done.todoUsers });
    }
  }
  return swept;
}
