/** What a caller sees of a circulation: the route with its readers, the published layers, their own draft. */
import type { Principal } from '@yizhan/core';
import type { CirculationAction, CirculationDetail, CirculationSummary, LayerDraft, ReadingTask, RouteStep, Urgency } from '@yizhan/protocol';
import type { DocContext } from '../context';
import type { CirculationRow, CirculationStepRow } from '../db/circulation-tables';
import type { CirculationAccess } from './access';
import { iso } from './circulation-text';
import { loadRoute, submittedLayers, type RouteTask } from './load-route';

const stepOverdue = (s: Pick<CirculationStepRow, 'status' | 'deadline_at'>, now: number) =>
  s.status === 'active' && !!s.deadline_at && new Date(s.deadline_at).getTime() < now;

function taskDto(t: RouteTask, step: CirculationStepRow, now: number): ReadingTask {
  return {
    id: t.id,
    username: t.username,
    name: t.name,
    title: t.title,
    agencyCode: t.agency_code,
    status: t.status as ReadingTask['status'],
    kind: t.kind as ReadingTask['kind'],
    transferredFromName: t.transferredFromName,
    transferNote: t.transfer_note,
    openedAt: iso(t.opened_at),
    doneAt: iso(t.done_at),
    remindedAt: iso(t.reminded_at),
    circled: t.circled,
    hasInstruction: !!t.instruction,
    overdue: t.status === 'pending' && stepOverdue(step, now),
  };
}

export function summaryOf(
  circ: CirculationRow,
  extra: { createdByName: string; activeStep: CirculationStepRow | undefined; currentReaders: string[]; myTaskStatus: CirculationSummary['myTaskStatus'] },
): CirculationSummary {
  const now = Date.now();
  return {
    id: circ.id,
    title: circ.title,
    docNumber: circ.doc_number,
    urgency: circ.urgency as Urgency,
    fromAgencyName: circ.from_agency_name,
    sourceKind: circ.source_kind as CirculationSummary['sourceKind'],
    status: circ.status as CirculationSummary['status'],
    createdAt: new Date(circ.created_at).toISOString(),
    createdByName: extra.createdByName,
    currentReaders: extra.currentReaders,
    deadline: iso(extra.activeStep?.deadline_at),
    overdue: !!extra.activeStep && stepOverdue(extra.activeStep, now),
    completedAt: iso(circ.completed_at),
    myTaskStatus: extra.myTaskStatus,
  };
}

export async function circulationDetail(ctx: DocContext, p: Principal, access: CirculationAccess): Promise<CirculationDetail> {
  const circ = (await ctx.db.selectFrom('circulations').selectAll().where('id', '=', access.circ.id).executeTakeFirstOrThrow()) as CirculationRow;
  const now = Date.now();
  const [route, creator, outcomeAgency, outcomeBy, history] = await Promise.all([
    loadRoute(ctx, circ.id),
    ctx.db.selectFrom('users').select('name').where('id', '=', circ.created_by).executeTakeFirstOrThrow(),
    circ.outcome_agency_code ? ctx.db.selectFrom('agencies').select('name').where('code', '=', circ.outcome_agency_code).executeTakeFirst() : undefined,
    circ.outcome_by ? ctx.db.selectFrom('users').select('name').where('id', '=', circ.outcome_by).executeTakeFirst() : undefined,
    ctx.db
      .selectFrom('audit_log')
      .leftJoin('users', 'users.username', 'audit_log.actor')
      .select(['audit_log.at', 'audit_log.actor', 'audit_log.action', 'audit_log.details', 'users.name'])
      .where('audit_log.target_type', '=', 'circulation')
      .where('audit_log.target_id', '=', circ.id)
      .where('audit_log.action', '!=', 'access.denied')
      .orderBy('audit_log.seq')
      .limit(500)
      .execute(),
  ]);
  const mine = route.tasks.filter((t) => t.user_id === p.userId);
  const myTask = mine.find((t) => t.id === access.myTask?.id) ?? null;
  const steps: RouteStep[] = route.steps.map((s) => ({
    id: s.id,
    position: s.position,
    status: s.status as RouteStep['status'],
    deadline: iso(s.deadline_at),
    activatedAt: iso(s.activated_at),
    completedAt: iso(s.completed_at),
    overdue: stepOverdue(s, now),
    tasks: route.tasks.filter((t) => t.step_id === s.id).map((t) => taskDto(t, s, now)),
  }));
  const active = route.steps.find((s) => s.status === 'active');
  const current = active ? route.tasks.filter((t) => t.step_id === active.id && t.status === 'pending').map((t) => t.name) : [];
  const layers = submittedLayers(route.tasks);
  const actions: CirculationAction[] = [];
  if (myTask?.status === 'pending' && circ.status === 'running') actions.push('annotate', 'transfer');
  if (access.role === 'clerk') {
    if (['running', 'paused', 'completed'].includes(circ.status)) actions.push('manage');
    if (circ.status === 'completed') actions.push('close');
    actions.push('produce-copy');
  }
  if (access.role === 'assignee' && circ.status === 'assigned' && (p.roles.includes('clerk') || p.roles.includes('staff'))) actions.push('handle');
  const draft = myTask?.draft as { annotations: LayerDraft['annotations']; instruction: string } | null | undefined;
  return {
    ...summaryOf(circ, {
      createdByName: creator.name,
      activeStep: active,
      currentReaders: current,
      myTaskStatus: (myTask?.status as ReadingTask['status']) ?? null,
    }),
    agencyCode: circ.agency_code,
    documentId: circ.document_id,
    deliveryId: circ.delivery_id,
    documentSha256: circ.pdf_sha256,
    note: circ.note,
    steps,
    layers: layers.map((t) => ({
      taskId: t.id,
      username: t.username,
      name: t.name,
      title: t.title,
      stepPosition: t.stepPosition,
      annotations: t.annotations ?? [],
      instruction: t.instruction ?? '',
      circled: t.circled,
      submittedAt: new Date(t.submitted_at!).toISOString(),
      signatureSha256: t.signature_sha256!,
    })),
    myTask: myTask
      ? {
          id: myTask.id,
          status: myTask.status as ReadingTask['status'],
          // Only ever the caller's own draft: unfinished ink is private until submitted.
          draft:
            draft && myTask.draft_saved_at
              ? { annotations: draft.annotations ?? [], instruction: draft.instruction ?? '', savedAt: new Date(myTask.draft_saved_at).toISOString() }
              : null,
        }
      : null,
    outcome: circ.outcome
      ? {
          kind: circ.outcome as 'done' | 'assign',
          agencyCode: circ.outcome_agency_code,
          agencyName: outcomeAgency?.name ?? null,
          note: circ.outcome_note ?? '',
          at: new Date(circ.outcome_at!).toISOString(),
          byName: outcomeBy?.name ?? '',
          handledAt: iso(circ.handled_at),
          handledNote: circ.handled_note,
        }
      : null,
    annotatedCopy: circ.annotated_sha256
      ? { sha256: circ.annotated_sha256, size: Number(circ.annotated_size), at: new Date(circ.annotated_at!).toISOString() }
      : null,
    actions,
    history: history.map((h) => ({
      at: new Date(h.at).toISOString(),
      actor: h.actor,
      actorName: h.name ?? (h.actor === 'system' ? '系统' : h.actor),
      action: h.action,
      details: (h.details ?? {}) as Record<string, unknown>,
    })),
  };
}
