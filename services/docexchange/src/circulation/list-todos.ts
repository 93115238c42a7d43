/** The circulation part of the workspace 待办: 待阅 for readers; 待办结 and 阅件逾期 for clerks; 待承办. */
import type { Principal } from '@yizhan/core';
import type { TodoItem } from '@yizhan/protocol';
import type { DocContext } from '../context';
import { circulationLink } from './circulation-text';

const urgencyOf = (u: string) => u as TodoItem['urgency'];

export async function listCirculationTodos(ctx: DocContext, p: Principal): Promise<TodoItem[]> {
  const items: TodoItem[] = [];
  const now = Date.now();
  const toRead = await ctx.db
    .selectFrom('circulation_tasks')
    .innerJoin('circulations', 'circulations.id', 'circulation_tasks.circulation_id')
    .innerJoin('circulation_steps', 'circulation_steps.id', 'circulation_tasks.step_id')
    .select([
      'circulation_tasks.id',
      'circulation_tasks.kind',
      'circulations.id as circulation_id',
      'circulations.title',
      'circulations.urgency',
      'circulations.from_agency_name',
      'circulation_steps.deadline_at',
      'circulation_steps.activated_at',
    ])
    .where('circulation_tasks.user_id', '=', p.userId)
    .where('circulation_tasks.status', '=', 'pending')
    .where('circulations.status', '=', 'running')
    .limit(200)
    .execute();
  for (const t of toRead) {
    const deadline = t.deadline_at ? new Date(t.deadline_at) : null;
    items.push({
      id: `read:${t.id}`,
      source: 'circulation',
      kind: t.kind === 'transfer' ? '转阅' : '待阅',
      title: t.title,
      from: t.from_agency_name,
      urgency: urgencyOf(t.urgency),
      deadline: deadline?.toISOString(),
      overdue: !!deadline && deadline.getTime() < now,
      link: circulationLink(t.circulation_id),
      createdAt: new Date(t.activated_at ?? now).toISOString(),
    });
  }
  if (p.roles.includes('clerk')) {
    const mine = await ctx.db
      .selectFrom('circulations')
      .leftJoin('circulation_steps', (j) => j.onRef('circulation_steps.circulation_id', '=', 'circulations.id').on('circulation_steps.status', '=', 'active'))
      .select([
        'circulations.id',
        'circulations.title',
        'circulations.urgency',
        'circulations.status',
        'circulations.completed_at',
        'circulation_steps.id as step_id',
        'circulation_steps.deadline_at',
      ])
      .where('circulations.agency_code', '=', p.agencyCode)
      .where((eb) =>
        eb.or([
          eb('circulations.status', '=', 'completed'),
          eb.and([eb('circulations.status', '=', 'running'), eb('circulation_steps.deadline_at', '<', new Date())]),
        ]),
      )
      .limit(200)
      .execute();
    for (const c of mine) {
      if (c.status === 'completed') {
        items.push({
          id: `close:${c.id}`,
          source: 'circulation',
          kind: '待办结',
          title: c.title,
          urgency: urgencyOf(c.urgency),
          overdue: false,
          link: circulationLink(c.id),
          createdAt: new Date(c.completed_at ?? now).toISOString(),
        });
      } else {
        items.push({
          id: `late:${c.step_id}`,
          source: 'circulation',
          kind: '阅件逾期',
          title: c.title,
          urgency: urgencyOf(c.urgency),
          deadline: new Date(c.deadline_at!).toISOString(),
          overdue: true,
          link: circulationLink(c.id),
          createdAt: new Date(c.deadline_at!).toISOString(),
        });
      }
    }
  }
  if (p.roles.includes('clerk') || p.roles.includes('staff')) {
    const assigned = await ctx.db
      .selectFrom('circulations')
      .select(['id', 'title', 'urgency', 'outcome_at', 'from_agency_name'])
      .where('outcome_agency_code', '=', p.agencyCode)
      .where('status', '=', 'assigned')
      .limit(100)
      .execute();
    for (const c of assigned) {
      items.push({
        id: `assign:${c.id}`,
        source: 'circulation',
        kind: '待承办',
        title: c.title,
        from: c.from_agency_name,
        urgency: urgencyOf(c.urgency),
        overdue: false,
        link: circulationLink(c.id),
        createdAt: new Date(c.outcome_at ?? now).toISOString(),
      });
    }
  }
  return items;
}
