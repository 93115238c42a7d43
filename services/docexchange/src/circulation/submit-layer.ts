/**
 * 阅毕提交: the reader's layer (ink, notes, highlights, 圈阅) and typed 批示 are signed with their
 * own certificate and published to everyone on the route; the route moves on. Submitting again is
 * idempotent: the first signed result is returned and nothing changes.
 */
import { appendAudit, type Principal } from '@yizhan/core';
import { INSTRUCTION_FORMAT, type LayerInput, type SubmitLayerResult } from '@yizhan/protocol';
import type { DocContext } from '../context';
import type { CirculationTaskRow } from '../db/circulation-tables';
import { loadCirculation, lockCirculation } from './access';
import { announce } from './announce';
import { isoDay } from './circulation-text';
import { signInstruction } from './instruction';
import { countInkPoints, normaliseAnnotations } from './layer-limits';
import { advanceRoute } from './route';
import { assertTaskOpen } from './task-state';

function alreadySubmitted(task: CirculationTaskRow): SubmitLayerResult {
  return { taskId: task.id, signatureSha256: task.signature_sha256!, signedAt: new Date(task.submitted_at!).toISOString(), alreadySubmitted: true };
}

/** 圈阅 marks line up in the top margin of the first page, right to left, like signatures on a 阅文单. */
export async function freeCircleSpot(ctx: DocContext, circulationId: string): Promise<[number, number]> {
  const rows = await ctx.db
    .selectFrom('circulation_tasks')
    .select('annotations')
    .where('circulation_id', '=', circulationId)
    .where('circled', '=', true)
    .execute();
  return circleSpot(rows.length);
}

export function circleSpot(index: number): [number, number] {
  const perRow = 7;
  return [540 - (index % perRow) * 66, 42 + Math.floor(index / perRow) * 66];
}

export async function submitLayer(
  ctx: DocContext,
  p: Principal,
  circulationId: string,
  input: LayerInput & { circled: boolean },
  ip?: string,
): Promise<SubmitLayerResult> {
  const { circ, myTask } = await loadCirculation(ctx, p, circulationId, 'annotate', ip);
  const task = myTask!;
  if (task.status === 'done' && task.signature_sha256) return alreadySubmitted(task);
  assertTaskOpen(circ, task, 'submit');

  const signedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
  let annotations = normaliseAnnotations(input.annotations, p, isoDay(signedAt));
  // One-click 圈阅 without a placed mark: the server puts it in the top margin of the first page.
  if (input.circled && !annotations.some((a) => a.kind === 'circle')) {
    const at = await freeCircleSpot(ctx, circ.id);
    annotations = [
      ...annotations,
      { kind: 'circle', id: `circle-${task.id.slice(0, 8)}`, page: 1, color: '#c41d1d', at, name: p.name, date: isoDay(signedAt) },
    ];
  }
  const circled = input.circled || annotations.some((a) => a.kind === 'circle');
  const der = await signInstruction(ctx, {
    format: INSTRUCTION_FORMAT,
    circulationId: circ.id,
    taskId: task.id,
    document: { id: circ.document_id, docNumber: circ.doc_number, title: circ.title, sha256: circ.pdf_sha256 },
    reader: { username: p.username, name: p.name, agencyCode: p.agencyCode },
    signedAt: signedAt.toISOString(),
    instruction: input.instruction,
    circled,
    annotations,
  });
  const blob = await ctx.platform.blobs.put(der);

  const result = await ctx.db.transaction().execute(async (trx) => {
    const locked = await lockCirculation(trx, circ.id);
    const current = await trx.selectFrom('circulation_tasks').selectAll().where('id', '=', task.id).forUpdate().executeTakeFirstOrThrow();
    if (current.status === 'done' && current.signature_sha256) return { result: alreadySubmitted(current), effects: null };
    assertTaskOpen(locked, current, 'submit');
    await trx
      .updateTable('circulation_tasks')
      .set({
        status: 'done',
        done_at: signedAt,
        opened_at: current.opened_at ?? signedAt,
        annotations: JSON.stringify(annotations),
        instruction: input.instruction,
        circled,
        submitted_at: signedAt,
        signature_sha256: blob.sha256,
        draft: null,
        draft_saved_at: null,
      })
      .where('id', '=', task.id)
      .execute();
    await appendAudit(trx, {
      actor: p.username,
      agencyCode: p.agencyCode,
      action: 'circulation.submit',
      targetType: 'circulation',
      targetId: circ.id,
      details: {
        taskId: task.id,
        signature: blob.sha256,
        documentSha256: circ.pdf_sha256,
        annotations: annotations.length,
        inkPoints: countInkPoints(annotations),
        instruction: input.instruction.length > 0,
        circled,
      },
      ip,
    });
    const effects = await advanceRoute(trx, locked, signedAt);
    effects.todoUsers.add(p.userId);
    return { result: { taskId: task.id, signatureSha256: blob.sha256, signedAt: signedAt.toISOString(), alreadySubmitted: false }, effects };
  });
  if (result.effects) {
    await announce(ctx, circ, {
      change: result.effects.completed ? 'completed' : 'layer',
      taskIds: [task.id],
      notes: result.effects.notes,
      todoUsers: result.effects.todoUsers,
    });
  }
  return result.result;
}
