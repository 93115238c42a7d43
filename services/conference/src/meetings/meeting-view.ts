/** Loading meetings and turning them into the protocol's DTO for one user. */
import { AppError, type Principal } from '@yizhan/core';
import type { Meeting, MeetingMode, MeetingStatus, MeetingVenueRef } from '@yizhan/protocol';
import type { ConfContext } from '../context';
import type { MeetingRow } from '../db/tables';
import { accessOf, operatedVenues, type MeetingFacts } from './meeting-access';

export async function loadFacts(ctx: ConfContext, meetingId: string): Promise<MeetingFacts> {
  if (!/^[0-9a-f-]{36}$/i.test(meetingId)) throw new AppError('NOT_FOUND', `bad meeting id ${meetingId}`, { userMessage: '会议不存在' });
  const row = await ctx.db.selectFrom('meetings').selectAll().where('id', '=', meetingId).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `no meeting ${meetingId}`, { userMessage: '会议不存在' });
  const [venues, people] = await Promise.all([
    ctx.db.selectFrom('meeting_venues').select('venue_code').where('meeting_id', '=', meetingId).execute(),
    ctx.db.selectFrom('meeting_participants').select('username').where('meeting_id', '=', meetingId).execute(),
  ]);
  return { row, venueCodes: venues.map((v) => v.venue_code), participants: people.map((p) => p.username) };
}

export async function venueRefs(ctx: ConfContext, codes: readonly string[]): Promise<Map<string, MeetingVenueRef>> {
  if (codes.length === 0) return new Map();
  const rows = await ctx.db.selectFrom('venues').select(['code', 'name', 'kind', 'sort_order']).where('code', 'in', [...codes]).orderBy('sort_order').execute();
  return new Map(rows.map((r) => [r.code, { code: r.code, name: r.name, kind: r.kind as 'main' | 'county' }]));
}

export async function personRefs(ctx: ConfContext, usernames: readonly string[]): Promise<Map<string, { username: string; name: string }>> {
  if (usernames.length === 0) return new Map();
  const rows = await ctx.db.selectFrom('users').select(['username', 'name']).where('username', 'in', [...usernames]).execute();
  return new Map(rows.map((r) => [r.username, { username: r.username, name: r.name }]));
}

export async function meetingDto(ctx: ConfContext, facts: MeetingFacts, p: Principal, operated?: string[]): Promise<Meeting> {
  const { row } = facts;
  const ops = operated ?? (await operatedVenues(ctx, p));
  const access = accessOf(facts, p, ops);
  const [venues, people, rec] = await Promise.all([
    venueRefs(ctx, [row.chair_venue, ...facts.venueCodes]),
    personRefs(ctx, facts.participants),
    ctx.db.selectFrom('meeting_recordings').select((eb) => eb.fn.countAll<string>().as('n')).where('meeting_id', '=', row.id).executeTakeFirst(),
  ]);
  const venueRef = (code: string): MeetingVenueRef => venues.get(code) ?? { code, name: code, kind: 'county' };
  return {
    id: row.id,
    title: row.title,
    agenda: row.agenda,
    startsAt: new Date(row.starts_at).toISOString(),
    durationMinutes: row.duration_minutes,
    mode: row.mode as MeetingMode,
    status: row.status as MeetingStatus,
    chairVenue: venueRef(row.chair_venue),
    venues: [...venues.values()].filter((v) => facts.venueCodes.includes(v.code)),
    participants: facts.participants.map((u) => people.get(u) ?? { username: u, name: u }),
    liveBroadcast: row.live_broadcast,
    createdBy: { username: row.created_by, name: row.created_by_name },
    createdAt: new Date(row.created_at).toISOString(),
    endedAt: row.ended_at ? new Date(row.ended_at).toISOString() : null,
    myRole: access.role,
    myVenue: access.venue,
    recordings: Number(rec?.n ?? 0),
  };
}

export async function getMeeting(ctx: ConfContext, p: Principal, meetingId: string): Promise<Meeting> {
  const facts = await loadFacts(ctx, meetingId);
  const dto = await meetingDto(ctx, facts, p);
  if (!dto.myRole) throw new AppError('FORBIDDEN', `${p.username} has no part in meeting ${meetingId}`, { userMessage: '您未受邀参加此会议' });
  return dto;
}

export function isMeetingRow(x: unknown): x is MeetingRow {
  return typeof x === 'object' && x !== null && 'chair_venue' in x;
}
