/** After commit: push the stored notifications and tell every open reader/timeline what changed. */
import { pushNotifications, type StoredNotification } from '@yizhan/core';
import type { CirculationEvent } from '@yizhan/protocol';
import type { DocContext } from '../context';
import type { CirculationRow } from '../db/circulation-tables';

export interface Announcement {
  change: CirculationEvent['change'];
  taskIds?: string[];
  notes?: StoredNotification[];
  todoUsers?: Iterable<string>;
}

/**
 * The event goes to the circulation's agency room (its clerks and leaders), to readers from its
 * sub-units by user, and to the department assigned to handle it. Clients refetch what they may see.
 */
export async function announce(ctx: DocContext, circ: Pick<CirculationRow, 'id' | 'agency_code' | 'outcome_agency_code'>, a: Announcement): Promise<void> {
  const { realtime } = ctx.platform;
  pushNotifications(realtime, a.notes ?? []);
  const payload: CirculationEvent = { circulationId: circ.id, change: a.change, taskIds: a.taskIds ?? [] };
  realtime.toAgency(circ.agency_code, 'circulation:updated', payload);
  if (circ.outcome_agency_code && circ.outcome_agency_code !== circ.agency_code) realtime.toAgency(circ.outcome_agency_code, 'circulation:updated', payload);
  const outsiders = await ctx.db
    .selectFrom('circulation_tasks')
    .innerJoin('users', 'users.id', 'circulation_tasks.user_id')
    .select('users.id')
    .distinct()
    .where('circulation_tasks.circulation_id', '=', circ.id)
    .where('users.agency_code', '!=', circ.agency_code)
    .execute();
  for (const u of outsiders) realtime.toUser(u.id, 'circulation:updated', payload);
  for (const u of new Set(a.todoUsers ?? [])) realtime.toUser(u, 'todos:changed', { source: 'circulation' });
}
