/** 会议存储 / 会议点播: recordings stored in the blob store, listed and streamed to those who may see the meeting. */
import { AppError, appendAudit, type Principal } from '@yizhan/core';
import type { Recording } from '@yizhan/protocol';
import type { ConfContext } from '../context';
import type { RecordingRow } from '../db/tables';
import { getMeeting } from './meeting-view';

export interface FinishedRecording {
  meetingId: string;
  blobSha256: string;
  size: number;
  mimeType: string;
  durationMs: number;
  sourceName: string;
  startedBy: Principal;
  startedAt: Date;
  endedAt: Date;
}

export async function saveRecording(ctx: ConfContext, r: FinishedRecording): Promise<string> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('meeting_recordings')
      .values({
        meeting_id: r.meetingId,
        blob_sha256: r.blobSha256,
        size: r.size,
        mime_type: r.mimeType,
        duration_ms: r.durationMs,
        source_name: r.sourceName,
        started_by: r.startedBy.username,
        started_at: r.startedAt,
        ended_at: r.endedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actor: r.startedBy.username,
      agencyCode: r.startedBy.agencyCode,
      action: 'conference.recording.saved',
      targetType: 'meeting',
      targetId: r.meetingId,
      details: { recordingId: row.id, sha256: r.blobSha256, size: r.size, durationMs: r.durationMs },
    });
    return row.id;
  });
}

function recordingDto(r: RecordingRow, meetingTitle: string): Recording {
  return {
    id: r.id,
    meetingId: r.meeting_id,
    meetingTitle,
    startedAt: new Date(r.started_at).toISOString(),
    endedAt: new Date(r.ended_at).toISOString(),
    durationMs: r.duration_ms,
    size: Number(r.size),
    mimeType: r.mime_type,
    sourceName: r.source_name,
    url: `/api/recordings/${r.id}/media`,
  };
}

export async function listRecordings(ctx: ConfContext, p: Principal, meetingId: string): Promise<Recording[]> {
  const meeting = await getMeeting(ctx, p, meetingId); // throws unless the user may see the meeting
  const rows = await ctx.db.selectFrom('meeting_recordings').selectAll().where('meeting_id', '=', meetingId).orderBy('started_at').execute();
  return rows.map((r) => recordingDto(r, meeting.title));
}

export async function openRecording(ctx: ConfContext, p: Principal, recordingId: string): Promise<{ row: RecordingRow; recording: Recording }> {
  if (!/^[0-9a-f-]{36}$/i.test(recordingId)) throw new AppError('NOT_FOUND', `bad recording id ${recordingId}`, { userMessage: '录像不存在' });
  const row = await ctx.db.selectFrom('meeting_recordings').selectAll().where('id', '=', recordingId).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `no recording ${recordingId}`, { userMessage: '录像不存在' });
  const meeting = await getMeeting(ctx, p, row.meeting_id);
  return { row, recording: recordingDto(row, meeting.title) };
}

export async function auditPlayback(ctx: ConfContext, p: Principal, recordingId: string, meetingId: string, ip?: string): Promise<void> {
  await ctx.db.transaction().execute((trx) => appendAudit(trx, { actor: p.username, agencyCode: p.agencyCode, action: 'conference.recording.play', targetType: 'meeting', targetId: meetingId, details: { recordingId }, ip }));
}
