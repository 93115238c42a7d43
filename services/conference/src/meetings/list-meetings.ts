/** Meetings a user takes part in (or may watch), newest first; and the conference part of 待办. */
import type { Principal } from '@yizhan/core';
import type { Meeting, MeetingStatus, TodoItem } from '@yizhan/protocol';
import type { ConfContext } from '../context';
import { operatedVenues } from './meeting-access';
import { meetingDto } from './meeting-view';

export async function listMeetings(ctx: ConfContext, p: Principal, q: { status?: MeetingStatus; limit: number }): Promise<Meeting[]> {
  const operated = await operatedVenues(ctx, p);
  const isAdmin = p.roles.includes('admin');
  let query = ctx.db.selectFrom('meetings').selectAll();
  if (!isAdmin) {
    query = query.where((eb) =>
      eb.or([
        eb('created_by', '=', p.username),
        eb('live_broadcast', '=', true),
        eb('id', 'in', eb.selectFrom('meeting_participants').select('meeting_id').where('username', '=', p.username)),
        ...(operated.length ? [eb('id', 'in', eb.selectFrom('meeting_venues').select('meeting_id').where('venue_code', 'in', operated))] : []),
      ]),
    );
  }
  if (q.status) query = query.where('status', '=', q.status);
  const rows = await query.orderBy('starts_at', 'desc').limit(q.limit).execute();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [venues, people] = await Promise.all([
    ctx.db.selectFrom('meeting_venues').selectAll().where('meeting_id', 'in', ids).execute(),
    ctx.db.selectFrom('meeting_participants').selectAll().where('meeting_id', 'in', ids).execute(),
  ]);
  return Promise.all(
    rows.map((row) =>
      meetingDto(
        ctx,
        { row, venueCodes: venues.filter((v) => v.meeting_id === row.id).map((v) => v.venue_code), participants: people.filter((x) => x.meeting_id === row.id).map((x) => x.username) },
        p,
        operated,
      ),
    ),
  );
}

export async function listConferenceTodos(ctx: ConfContext, p: Principal): Promise<TodoItem[]> {
  const meetings = await listMeetings(ctx, p, { limit: 50 });
  const soon = Date.now() + 7 * 24 * 3600_000;
  return meetings
    .filter((m) => m.status !== 'ended' && m.myRole && m.myRole !== 'viewer' && Date.parse(m.startsAt) < soon)
    .map((m) => ({
      id: `meeting:${m.id}`,
      source: 'conference' as const,
      kind: m.status === 'live' ? '会议进行中' : '会议通知',
      title: m.title,
      from: m.chairVenue.name,
      deadline: m.startsAt,
      overdue: false,
      link: `/meetings/${m.id}`,
      createdAt: m.createdAt,
    }));
}
