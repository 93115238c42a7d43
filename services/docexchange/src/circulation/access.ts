/** Who may see a circulation and who may annotate it: the rules in one place. */
import { AppError, recordAudit, type Principal } from '@yizhan/core';
import type { Transaction } from 'kysely';
import type { DocContext } from '../context';
import type { DocDB } from '../db/tables';
import type { CirculationRow, CirculationTaskRow } from '../db/circulation-tables';

export type CirculationRole = 'clerk' | 'reader' | 'assignee';

export interface CirculationAccess {
  circ: CirculationRow;
  role: CirculationRole;
  /** The caller's most relevant task (pending first), when they are on the route. */
  myTask: CirculationTaskRow | null;
}

const TASK_PRIORITY = ['pending', 'recalled', 'waiting', 'done', 'transferred', 'skipped'];

export function circulationNotFound(): AppError {
  return new AppError('NOT_FOUND', 'circulation not found', { userMessage: '传阅记录不存在' });
}

export const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

export function pickMyTask(tasks: CirculationTaskRow[]): CirculationTaskRow | null {
  const sorted = [...tasks].sort((a, b) => TASK_PRIORITY.indexOf(a.status) - TASK_PRIORITY.indexOf(b.status) || Number(b.seq) - Number(a.seq));
  return sorted[0] ?? null;
}

export const isAgencyClerk = (p: Principal, circ: Pick<CirculationRow, 'agency_code'>) => p.roles.includes('clerk') && p.agencyCode === circ.agency_code;

async function deny(ctx: DocContext, p: Principal, circ: CirculationRow, why: string, userMessage: string, ip?: string): Promise<never> {
  await recordAudit(ctx.db, {
    actor: p.username,
    agencyCode: p.agencyCode,
    action: 'access.denied',
    targetType: 'circulation',
    targetId: circ.id,
    details: { owner: circ.agency_code, why },
    ip,
  });
  throw new AppError('FORBIDDEN', `${p.username} may not ${why} circulation ${circ.id}`, { userMessage });
}

/**
 * Loads a circulation for the caller. Viewing: the agency's clerks, readers whose turn has come
 * (or passed), the department assigned to handle it. Annotating: only a reader on the route.
 * Everyone else gets 403, and the refusal is audited.
 */
export async function loadCirculation(ctx: DocContext, p: Principal, id: string, purpose: 'view' | 'annotate', ip?: string): Promise<CirculationAccess> {
  if (!isUuid(id)) throw circulationNotFound();
  const circ = await ctx.db.selectFrom('circulations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!circ) throw circulationNotFound();
  const tasks = await ctx.db.selectFrom('circulation_tasks').selectAll().where('circulation_id', '=', id).where('user_id', '=', p.userId).execute();
  const myTask = pickMyTask(tasks);
  if (purpose === 'annotate') {
    if (!myTask) return deny(ctx, p, circ, 'annotate', '您不在该公文的传阅路线上，不能批注', ip);
    if (myTask.status === 'waiting') return deny(ctx, p, circ, 'annotate before their turn', '尚未轮到您阅该公文', ip);
    return { circ, role: 'reader', myTask };
  }
  if (isAgencyClerk(p, circ)) return { circ, role: 'clerk', myTask };
  // A reader whose turn has come or passed (one reader may be on the route twice: read once, due again later).
  if (tasks.some((t) => t.status !== 'waiting')) return { circ, role: 'reader', myTask };
  if (circ.outcome_agency_code === p.agencyCode && (circ.status === 'assigned' || circ.status === 'handled')) return { circ, role: 'assignee', myTask };
  if (myTask) return deny(ctx, p, circ, 'read before their turn', '尚未轮到您阅该公文', ip);
  return deny(ctx, p, circ, 'read', '您不在该公文的传阅路线上，无权查看', ip);
}

export function requireCirculationClerk(p: Principal, circ: CirculationRow, action: string): void {
  if (!isAgencyClerk(p, circ))
    throw new AppError('FORBIDDEN', `${p.username} is not a clerk of ${circ.agency_code} (${action})`, { userMessage: `只有本单位收发员可以${action}` });
}

export async function lockCirculation(trx: Transaction<DocDB>, id: string): Promise<CirculationRow> {
  const row = await trx.selectFrom('circulations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw circulationNotFound();
  return row;
}

/** The agency and its direct sub-units (市委 → 市委办): who may be put on its routes. */
export async function resolveReaders(db: DocContext['db'] | Transaction<DocDB>, agencyCode: string, usernames: string[]) {
  if (usernames.length === 0) return new Map<string, { id: string; username: string; name: string }>();
  const rows = await db
    .selectFrom('users')
    .innerJoin('agencies', 'agencies.code', 'users.agency_code')
    .select(['users.id', 'users.username', 'users.name', 'users.agency_code', 'agencies.parent_code'])
    .where('users.username', 'in', [...new Set(usernames)])
    .where('users.disabled', '=', false)
    .execute();
  const ok = new Map(
    rows.filter((r) => r.agency_code === agencyCode || r.parent_code === agencyCode).map((r) => [r.username, { id: r.id, username: r.username, name: r.name }]),
  );
  const missing = usernames.find((u) => !ok.has(u));
  if (missing) {
    throw new AppError('VALIDATION_FAILED', `reader ${missing} is unknown, disabled or outside ${agencyCode}`, {
      userMessage: `阅件人“${missing}”不存在、已停用或不属于本单位`,
    });
  }
  return ok;
}
