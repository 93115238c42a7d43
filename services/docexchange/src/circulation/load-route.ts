/** The route of a circulation with its readers, as the views and the annotated copy read it. */
import type { Annotation } from '@yizhan/protocol';
import type { DocContext } from '../context';
import type { CirculationStepRow } from '../db/circulation-tables';

export async function loadRoute(ctx: DocContext, circulationId: string) {
  const [steps, tasks] = await Promise.all([
    ctx.db.selectFrom('circulation_steps').selectAll().where('circulation_id', '=', circulationId).orderBy('position').execute(),
    ctx.db
      .selectFrom('circulation_tasks')
      .innerJoin('users', 'users.id', 'circulation_tasks.user_id')
      .selectAll('circulation_tasks')
      .select(['users.username', 'users.name', 'users.title', 'users.agency_code'])
      .where('circulation_tasks.circulation_id', '=', circulationId)
      .orderBy('circulation_tasks.seq')
      .execute(),
  ]);
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const stepOf = new Map<string, CirculationStepRow>(steps.map((s) => [s.id, s]));
  return {
    steps,
    tasks: tasks.map((t) => ({
      ...t,
      annotations: (t.annotations ?? null) as Annotation[] | null,
      stepPosition: stepOf.get(t.step_id)!.position,
      transferredFromName: t.transferred_from ? (byId.get(t.transferred_from)?.name ?? null) : null,
      transferredToName: tasks.find((o) => o.transferred_from === t.id)?.name ?? null,
    })),
  };
}

export type RouteTask = Awaited<ReturnType<typeof loadRoute>>['tasks'][number];

/** Submitted layers in route order: step, then time of submission. */
export function submittedLayers(tasks: RouteTask[]): RouteTask[] {
  return tasks
    .filter((t) => t.status === 'done' && t.submitted_at && t.signature_sha256)
    .sort((a, b) => a.stepPosition - b.stepPosition || new Date(a.submitted_at!).getTime() - new Date(b.submitted_at!).getTime());
}
