/**
 * The route engine: activating a step hands the document to its readers (待阅 + notification);
 * when the active step has no reader left, the next pending step starts; after the last one the
 * circulation is complete and the clerks are told. Runs inside the caller's transaction, with the
 * circulation row locked.
 */
import { storeNotifications, type StoredNotification } from '@yizhan/core';
import type { Transaction } from 'kysely';
import type { DocDB } from '../db/tables';
import type { CirculationRow, CirculationStepRow } from '../db/circulation-tables';
import { clerkIdsOf } from '../dispatch/agency-clerks';
import { circulationLink, formatDeadline } from './circulation-text';

export interface RouteEffects {
  notes: StoredNotification[];
  /** Users whose 待办 changed. */
  todoUsers: Set<string>;
  completed: boolean;
}

export function noEffects(): RouteEffects {
  return { notes: [], todoUsers: new Set(), completed: false };
}

export function mergeEffects(into: RouteEffects, more: RouteEffects): RouteEffects {
  into.notes.push(...more.notes);
  for (const u of more.todoUsers) into.todoUsers.add(u);
  into.completed ||= more.completed;
  return into;
}

/** Hands the step to its readers: waiting (or recalled) tasks become 待阅; drafts are kept. */
export async function activateStep(
  trx: Transaction<DocDB>,
  circ: CirculationRow,
  step: CirculationStepRow,
  now: Date,
  opts: { resumed?: boolean } = {},
): Promise<RouteEffects> {
  await trx.updateTable('circulation_steps').set({ status: 'active', activated_at: now }).where('id', '=', step.id).execute();
  const tasks = await trx
    .updateTable('circulation_tasks')
    .set({ status: 'pending', recalled_at: null })
    .where('step_id', '=', step.id)
    .where('status', 'in', opts.resumed ? ['recalled'] : ['waiting', 'recalled'])
    .returning(['id', 'user_id'])
    .execute();
  const userIds = tasks.map((t) => t.user_id);
  const deadline = step.deadline_at ? `，请于${formatDeadline(step.deadline_at)}前阅办` : '';
  const notes = await storeNotifications(trx, {
    userIds,
    kind: 'circulation.to-read',
    title: `${opts.resumed ? '重新送阅' : '待阅'}：${circ.title}`,
    body: `${circ.from_agency_name} ${circ.doc_number}${deadline}`,
    link: circulationLink(circ.id),
  });
  return { notes, todoUsers: new Set(userIds), completed: false };
}

/**
 * Moves the route on: finishes the active step when nobody in it still has to read, then starts
 * the next pending step, or completes the circulation. A recalled step holds the route (paused).
 */
export async function advanceRoute(trx: Transaction<DocDB>, circ: CirculationRow, now: Date): Promise<RouteEffects> {
  const effects = noEffects();
  const steps = await trx.selectFrom('circulation_steps').selectAll().where('circulation_id', '=', circ.id).orderBy('position').execute();
  if (steps.some((s) => s.status === 'recalled')) return effects;
  const active = steps.find((s) => s.status === 'active');
  if (active) {
    const open = await trx.selectFrom('circulation_tasks').select('id').where('step_id', '=', active.id).where('status', '=', 'pending').executeTakeFirst();
    if (open) return effects;
    await trx.updateTable('circulation_steps').set({ status: 'done', completed_at: now }).where('id', '=', active.id).execute();
  }
  const next = steps.find((s) => s.status === 'pending');
  if (next) {
    mergeEffects(effects, await activateStep(trx, circ, next, now));
    await trx.updateTable('circulations').set({ status: 'running', updated_at: now }).where('id', '=', circ.id).execute();
    return effects;
  }
  await trx.updateTable('circulations').set({ status: 'completed', completed_at: now, updated_at: now }).where('id', '=', circ.id).execute();
  const clerks = (await clerkIdsOf(trx, [circ.agency_code])).get(circ.agency_code) ?? [];
  effects.notes.push(
    ...(await storeNotifications(trx, {
      userIds: clerks,
      kind: 'circulation.completed',
      title: `传阅完毕：${circ.title}`,
      body: '请办结或交办承办单位',
      link: circulationLink(circ.id),
    })),
  );
  for (const c of clerks) effects.todoUsers.add(c);
  effects.completed = true;
  return effects;
}
