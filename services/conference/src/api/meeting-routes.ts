/** REST edge of the conference: schedule and list meetings, recordings with range playback, media status. */
import type { FastifyInstance } from 'fastify';
import { AppError, BlobNotFound, clientIp, parse, principal, requireRole } from '@yizhan/core';
import { CascadeLinkSchema, MeetingListQuerySchema, ScheduleMeetingSchema, type MeetingList, type RecordingList } from '@yizhan/protocol';
import type { ConfContext } from '../context';
import type { Conference } from '../domain/conference';
import { scheduleMeeting } from '../meetings/schedule-meeting';
import { listMeetings } from '../meetings/list-meetings';
import { getMeeting } from '../meetings/meeting-view';
import { auditPlayback, listRecordings, openRecording } from '../meetings/recordings';
import type { CascadeService } from '../pipe/cascade';

/** `bytes=start-end` → inclusive range within size, or null for the whole file; throws on an unsatisfiable range. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start > end || start >= size) throw new AppError('VALIDATION_FAILED', `unsatisfiable range ${header}`, { userMessage: '请求的范围无效', details: { size } });
  return { start, end };
}

export function meetingRoutes(ctx: ConfContext, conference: Conference, cascade: CascadeService) {
  return async (app: FastifyInstance) => {
    app.get('/meetings', async (req): Promise<MeetingList> => ({ items: await listMeetings(ctx, principal(req), parse(MeetingListQuerySchema, req.query)) }));

    app.post('/meetings', async (req, reply) => reply.status(201).send(await scheduleMeeting(ctx, principal(req), parse(ScheduleMeetingSchema, req.body), clientIp(req))));

    app.get<{ Params: { id: string } }>('/meetings/:id', async (req) => getMeeting(ctx, principal(req), req.params.id));

    /** The live state (who is online, muted, speaking) without joining. */
    app.get<{ Params: { id: string } }>('/meetings/:id/live', async (req) => {
      await getMeeting(ctx, principal(req), req.params.id);
      const live = conference.meetings.get(req.params.id);
      return { live: live ? live.snapshot() : null };
    });

    app.get<{ Params: { id: string } }>('/meetings/:id/recordings', async (req): Promise<RecordingList> => ({ items: await listRecordings(ctx, principal(req), req.params.id) }));

    app.get<{ Params: { id: string } }>('/recordings/:id/media', async (req, reply) => {
      const p = principal(req);
      const { row } = await openRecording(ctx, p, req.params.id);
      const size = Number(row.size);
      let range: { start: number; end: number } | null;
      try {
        range = parseRange(req.headers.range, size);
      } catch (e) {
        return reply.status(416).header('content-range', `bytes */${size}`).send({ error: { code: 'VALIDATION_FAILED', message: (e as AppError).userMessage } });
      }
      if (!range || range.start === 0) await auditPlayback(ctx, p, row.id, row.meeting_id, clientIp(req));
      try {
        const stream = await ctx.platform.blobs.get(row.blob_sha256, range ?? undefined);
        void reply.header('accept-ranges', 'bytes').type(row.mime_type).header('cache-control', 'private, max-age=3600');
        if (range) return reply.status(206).header('content-range', `bytes ${range.start}-${range.end}/${size}`).header('content-length', range.end - range.start + 1).send(stream);
        return reply.header('content-length', size).send(stream);
      } catch (e) {
        if (e instanceof BlobNotFound) throw new AppError('NOT_FOUND', e.message, { userMessage: '录像文件不存在' });
        throw e;
      }
    });

    /** 级联: connect this meeting to a meeting on another conference node (the chair or an admin). */
    app.post<{ Params: { id: string } }>('/meetings/:id/cascade', async (req) => {
      const p = principal(req);
      const body = parse(CascadeLinkSchema, req.body);
      const meeting = await getMeeting(ctx, p, req.params.id);
      if (meeting.myRole !== 'chair' && !p.roles.includes('admin')) throw new AppError('FORBIDDEN', `${p.username} may not cascade`, { userMessage: '只有主会场（主持人）可以级联会议' });
      return cascade.link(p, req.params.id, body.url, body.remoteMeetingId, clientIp(req));
    });

    /** What the media workers hold (operators; the tests check that nothing leaks). */
    app.get('/conference/media', async (req) => {
      requireRole(principal(req), 'admin');
      return {
        counts: await conference.pool.counts(),
        workers: conference.pool.slots.map((s) => ({ pid: s.worker.pid, alive: !s.worker.closed, routers: s.routers.size, consumers: s.consumers })),
        meetings: conference.meetings.size,
        links: cascade.linkCount(),
      };
    });
  };
}
