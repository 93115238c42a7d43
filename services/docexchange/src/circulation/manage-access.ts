/** What every route change by the clerk starts with: the circulation locked and the step it names. */
import { AppError, type Principal } from '@yizhan/core';
import type { Transaction } from 'kysely';
import type { DocContext } from '../context';
import type { DocDB } from '../db/tables';
import type { CirculationRow, CirculationStepRow } from '../db/circulation-tables';
import { isUuid, loadCirculation, lockCirculation, requireCirculationClerk } from './access';

export async function loadForClerk(ctx: DocContext, p: Principal, circulationId: string, action: string, ip?: string): Promise<CirculationRow> {
  const { circ } = await loadCirculation(ctx, p, circulationId, 'view', ip);
  requireCirculationClerk(p, circ, action);
  return circ;
}

export async function lockStep(trx: Transaction<DocDB>, circulationId: string, stepId: string): Promise<{ circ: CirculationRow; step: CirculationStepRow }> {
  const circ = await lockCirculation(trx, circulationId);
  const step = isUuid(stepId)
    ? await trx.selectFrom('circulation_steps').selectAll().where('id', '=', stepId).where('circulation_id', '=', circulationId).executeTakeFirst()
    : undefined;
  if (!step) throw new AppError('NOT_FOUND', `no step ${stepId}`, { userMessage: '传阅步骤不存在' });
  return { circ, step };
}

export function assertManageable(circ: CirculationRow): void {
  if (!['running', 'paused', 'completed'].includes(circ.status))
    throw new AppError('CONFLICT', `circulation ${circ.id} is ${circ.status}`, { userMessage: '该传阅已办结，不能再调整路线' });
}

export const stepConflict = (step: CirculationStepRow, userMessage: string) => new AppError('CONFLICT', `step ${step.id} is ${step.status}`, { userMessage });
