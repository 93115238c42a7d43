/** 会议安排: stores a meeting, its venues and participants; notifies the venue operators and the people. */
import { AppError, appendAudit, pushNotifications, storeNotifications, type Principal } from '@yizhan/core';
import type { z } from 'zod';
import type { Meeting, ScheduleMeetingSchema } from '@yizhan/protocol';
import type { ConfContext } from '../context';
import { getMeeting } from './meeting-view';

const MAY_SCHEDULE = ['leader', 'clerk', 'admin', 'venue-operator'] as const;

export async function scheduleMeeting(ctx: ConfContext, p: Principal, input: z.output<typeof ScheduleMeetingSchema>, ip?: string): Promise<Meeting> {
  if (!MAY_SCHEDULE.some((r) => p.roles.includes(r))) throw new AppError('FORBIDDEN', `${p.username} may not schedule meetings`, { userMessage: '您没有安排会议的权限' });
  const venueCodes = [...new Set([input.chairVenue, ...input.venues])];
  const venues = await ctx.db.selectFrom('venues').select(['code', 'name', 'operator_user_id']).where('code', 'in', venueCodes).execute();
  const missing = venueCodes.filter((c) => !venues.some((v) => v.code === c));
  if (missing.length) throw new AppError('VALIDATION_FAILED', `unknown venues ${missing.join(',')}`, { userMessage: `会场不存在：${missing.join('、')}` });
  const usernames = [...new Set(input.participants)];
  const people = usernames.length ? await ctx.db.selectFrom('users').select(['id', 'username']).where('username', 'in', usernames).where('disabled', '=', false).execute() : [];
  const unknown = usernames.filter((u) => !people.some((x) => x.username === u));
  if (unknown.length) throw new AppError('VALIDATION_FAILED', `unknown participants ${unknown.join(',')}`, { userMessage: `参会人员不存在或已停用：${unknown.join('、')}` });

  const { id, notes } = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('meetings')
      .values({
        title: input.title,
        agenda: input.agenda,
        starts_at: new Date(input.startsAt),
        duration_minutes: input.durationMinutes,
        mode: input.mode,
        chair_venue: input.chairVenue,
        live_broadcast: input.liveBroadcast,
        created_by: p.username,
        created_by_name: p.name,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('meeting_venues').values(venueCodes.map((venue_code) => ({ meeting_id: row.id, venue_code }))).execute();
    if (usernames.length) await trx.insertInto('meeting_participants').values(usernames.map((username) => ({ meeting_id: row.id, username }))).execute();
    await appendAudit(trx, {
      actor: p.username,
      agencyCode: p.agencyCode,
      action: 'conference.meeting.schedule',
      targetType: 'meeting',
      targetId: row.id,
      details: { title: input.title, mode: input.mode, chairVenue: input.chairVenue, venues: venueCodes, participants: usernames },
      ip,
    });
    const when = new Date(input.startsAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
    const userIds = [...venues.map((v) => v.operator_user_id).filter((x): x is string => !!x), ...people.map((x) => x.id)].filter((u) => u !== p.userId);
    const stored = await storeNotifications(trx, { userIds, kind: 'conference.meeting', title: `会议通知：${input.title}`, body: `${when} 开始，主会场 ${venues.find((v) => v.code === input.chairVenue)?.name ?? ''}`, link: `/meetings/${row.id}` });
    return { id: row.id, notes: stored };
  });
  pushNotifications(ctx.platform.realtime, notes);
  for (const n of notes) ctx.platform.realtime.toUser(n.userId, 'todos:changed', { source: 'conference' });
  return getMeeting(ctx, p, id);
}
