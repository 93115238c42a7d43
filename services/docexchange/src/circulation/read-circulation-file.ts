/** The files of a circulation for those who may see it: the sealed original, the annotated copy, a signed instruction. */
import { AppError, type Principal } from '@yizhan/core';
import type { DocContext } from '../context';
import { isUuid, loadCirculation } from './access';

export interface CirculationFile {
  sha256: string;
  mediaType: string;
  fileName: string;
}

export async function readCirculationFile(
  ctx: DocContext,
  p: Principal,
  circulationId: string,
  which: { kind: 'original' } | { kind: 'annotated' } | { kind: 'instruction'; taskId: string },
  ip?: string,
): Promise<CirculationFile> {
  const { circ } = await loadCirculation(ctx, p, circulationId, 'view', ip);
  const base = `${circ.doc_number || '传阅'} ${circ.title}`.slice(0, 120);
  if (which.kind === 'original') return { sha256: circ.pdf_sha256, mediaType: 'application/pdf', fileName: `${base}.pdf` };
  if (which.kind === 'annotated') {
    if (!circ.annotated_sha256) throw new AppError('NOT_FOUND', 'no annotated copy', { userMessage: '尚未生成批注副本' });
    return { sha256: circ.annotated_sha256, mediaType: 'application/pdf', fileName: `${base}（批注副本）.pdf` };
  }
  const task = isUuid(which.taskId)
    ? await ctx.db
        .selectFrom('circulation_tasks')
        .innerJoin('users', 'users.id', 'circulation_tasks.user_id')
        .select(['circulation_tasks.signature_sha256', 'users.name'])
        .where('circulation_tasks.id', '=', which.taskId)
        .where('circulation_tasks.circulation_id', '=', circ.id)
        .executeTakeFirst()
    : undefined;
  if (!task?.signature_sha256) throw new AppError('NOT_FOUND', `no signed instruction for task ${which.taskId}`, { userMessage: '该阅件人尚未提交签名批示' });
  return { sha256: task.signature_sha256, mediaType: 'application/pkcs7-mime; smime-type=signed-data', fileName: `批示-${task.name}.p7m` };
}
