/** The lists: 待阅 / 已阅 for readers, 传阅管理 for the agency's clerks, 承办 for the assigned department. */
import { AppError, type Principal } from '@yizhan/core';
import type { CirculationBox, CirculationSummary, ReadingTask } from '@yizhan/protocol';
import type { DocContext } from '../context';
import type { CirculationRow } from '../db/circulation-tables';
import { summaryOf } from './circulation-view';

export async function listCirculations(
  ctx: DocContext,
  p: Principal,
  q: { box: CirculationBox; limit: number; offset: number },
): Promise<{ items: CirculationSummary[]; total: number }> {
  let base = ctx.db.selectFrom('circulations');
  if (q.box === 'managed') {
    if (!p.roles.includes('clerk')) throw new AppError('FORBIDDEN', `${p.username} is not a clerk`, { userMessage: '只有收发员可以管理传阅' });
    base = base.where('circulations.agency_code', '=', p.agencyCode);
  } else if (q.box === 'assigned') {
    base = base.where('circulations.outcome_agency_code', '=', p.agencyCode).where('circulations.status', 'in', ['assigned', 'handled']);
  } else {
    const statuses = q.box === 'to-read' ? ['pending', 'recalled'] : ['done', 'transferred', 'skipped'];
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom('circulation_tasks')
          .select('circulation_tasks.id')
          .whereRef('circulation_tasks.circulation_id', '=', 'circulations.id')
          .where('circulation_tasks.user_id', '=', p.userId)
          .where('circulation_tasks.status', 'in', statuses),
      ),
    );
  }
  const [rows, total] = await Promise.all([
    base.selectAll('circulations').orderBy('circulations.updated_at', 'desc').limit(q.limit).offset(q.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: await summaries(ctx, p, rows as CirculationRow[]), total: Number(total.n) };
}

export async function summaries(ctx: DocContext, p: Principal, rows: CirculationRow[]): Promise<CirculationSummary[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [creators, steps, current, mine] = await Promise.all([
    ctx.db
      .selectFrom('users')
      .select(['id', 'name'])
      .where('id', 'in', [...new Set(rows.map((r) => r.created_by))])
      .execute(),
    ctx.db.selectFrom('circulation_steps').selectAll().where('circulation_id', 'in', ids).where('status', '=', 'active').execute(),
    ctx.db
      .selectFrom('circulation_tasks')
      .innerJoin('circulation_steps', 'circulation_steps.id', 'circulation_tasks.step_id')
      .innerJoin('users', 'users.id', 'circulation_tasks.user_id')
      .select(['circulation_tasks.circulation_id', 'users.name'])
      .where('circulation_tasks.circulation_id', 'in', ids)
      .where('circulation_steps.status', '=', 'active')
      .where('circulation_tasks.status', '=', 'pending')
      .execute(),
    ctx.db.selectFrom('circulation_tasks').select(['circulation_id', 'status']).where('circulation_id', 'in', ids).where('user_id', '=', p.userId).execute(),
  ]);
  const order = ['pending', 'recalled', 'waiting', 'done', 'transferred', 'skipped'];
  return rows.map((r) => {
    const my = mine.filter((m) => m.circulation_id === r.id).sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status))[0];
    return summaryOf(r, {
      createdByName: creators.find((c) => c.id === r.created_by)?.name ?? '',
      activeStep: steps.find((s) => s.circulation_id === r.id),
      currentReaders: current.filter((c) => c.circulation_id === r.id).map((c) => c.name),
      myTaskStatus: (my?.status as ReadingTask['status']) ?? null,
    });
  });
}
