/** A meeting goes live when the first member joins and ends when the chair ends it. */
import { appendAudit, type Principal } from '@yizhan/core';
import type { ConfContext } from '../context';

export async function markMeetingLive(ctx: ConfContext, meetingId: string): Promise<void> {
  await ctx.db.updateTable('meetings').set({ status: 'live', started_at: new Date() }).where('id', '=', meetingId).where('status', '=', 'scheduled').execute();
}

export async function endMeeting(ctx: ConfContext, p: Principal, meetingId: string, ip?: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('meetings').set({ status: 'ended', ended_at: new Date() }).where('id', '=', meetingId).where('status', '!=', 'ended').execute();
    await appendAudit(trx, { actor: p.username, agencyCode: p.agencyCode, action: 'conference.end', targetType: 'meeting', targetId: meetingId, ip });
  });
}
