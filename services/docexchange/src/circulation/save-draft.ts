/**
 * The reader's unfinished work, saved as they go: private to them (never in anyone else's view or
 * event), kept when their step is recalled or skipped so nothing written is lost. Not audited —
 * it changes nothing anyone else sees; the signed submission is.
 */
import type { Principal } from '@yizhan/core';
import { AppError } from '@yizhan/core';
import type { LayerInput } from '@yizhan/protocol';
import type { DocContext } from '../context';
import { loadCirculation } from './access';

export async function saveDraft(ctx: DocContext, p: Principal, circulationId: string, input: LayerInput, ip?: string): Promise<{ savedAt: string }> {
  const { myTask } = await loadCirculation(ctx, p, circulationId, 'annotate', ip);
  const task = myTask!;
  if (!['pending', 'recalled', 'skipped'].includes(task.status)) {
    throw new AppError('CONFLICT', `task ${task.id} is ${task.status}`, {
      userMessage: task.status === 'done' ? '您已阅毕该公文，批注已提交' : '该阅件当前不能保存批注',
    });
  }
  const savedAt = new Date();
  await ctx.db
    .updateTable('circulation_tasks')
    .set({ draft: JSON.stringify({ annotations: input.annotations, instruction: input.instruction }), draft_saved_at: savedAt })
    .where('id', '=', task.id)
    .where('status', 'in', ['pending', 'recalled', 'skipped'])
    .execute();
  return { savedAt: savedAt.toISOString() };
}
