/** Who may do what in a meeting: chair, venue, personal participant, viewer (网上直播) or nobody. */
import type { Principal } from '@yizhan/core';
import type { MeetingRole } from '@yizhan/protocol';
import type { ConfContext } from '../context';
import type { MeetingRow } from '../db/tables';

export interface MeetingFacts {
  row: MeetingRow;
  venueCodes: string[];
  participants: string[];
}

export interface Access {
  role: MeetingRole | null;
  /** The venue this user runs in the meeting (chair venue first). */
  venue: string | null;
}

/** Venues the user operates (会场操作员). */
export async function operatedVenues(ctx: ConfContext, p: Principal): Promise<string[]> {
  const rows = await ctx.db.selectFrom('venues').select('code').where('operator_user_id', '=', p.userId).orderBy('sort_order').execute();
  return rows.map((r) => r.code);
}

export function accessOf(facts: MeetingFacts, p: Principal, operated: readonly string[]): Access {
  const { row } = facts;
  if (operated.includes(row.chair_venue)) return { role: 'chair', venue: row.chair_venue };
  const venue = facts.venueCodes.find((c) => operated.includes(c)) ?? null;
  if (venue) return { role: 'venue', venue };
  // The person who scheduled the meeting controls it from their desk (主持人).
  if (row.created_by === p.username) return { role: 'chair', venue: null };
  if (facts.participants.includes(p.username)) return { role: 'participant', venue: null };
  if (row.live_broadcast || p.roles.includes('admin')) return { role: 'viewer', venue: null };
  return { role: null, venue: null };
}
