/**
 * The `/conference` socket.io namespace: authenticated by the session cookie like the main socket,
 * every event validated against packages/protocol and answered through its ack — a bad or
 * out-of-order message gets a clear error and changes nothing. Handlers are thin: they find the
 * caller's Meeting and Peer and call them.
 */
import type { Namespace, Server, Socket } from 'socket.io';
import type { types } from 'mediasoup';
import type { z } from 'zod';
import { AppError, principalOf, resolveSession, toAppError, toErrorBody, type Logger, type Principal } from '@yizhan/core';
import {
  ChairFocusSchema,
  ChairLockSchema,
  ChairMuteAllSchema,
  ChairMuteSchema,
  ChairPatrolSchema,
  ChairRecordSchema,
  CONFERENCE_NAMESPACE,
  ConnectTransportSchema,
  ConsumerIdSchema,
  ConsumerLayersSchema,
  ConsumeSchema,
  CreateTransportSchema,
  EmptySchema,
  JoinMeetingSchema,
  MemberTargetSchema,
  ProduceSchema,
  ProducerIdSchema,
  RestartIceSchema,
  SESSION_COOKIE,
  SetCapabilitiesSchema,
  type ConferenceClientEvents,
  type ConferenceServerEvents,
  type ConsumerInfo,
  type Joined,
  type TransportInfo,
} from '@yizhan/protocol';
import type { ConfContext } from '../context';
import type { Conference } from '../domain/conference';
import type { Meeting } from '../domain/meeting';
import type { Peer } from '../domain/peer';
import { chairAction } from '../domain/chair-control';
import { endMeeting } from '../meetings/meeting-status';
import type { RecordingService } from '../domain/recording-session';

type ConfSocket = Socket<ConferenceClientEvents, ConferenceServerEvents, Record<string, never>, { principal: Principal }>;
type ConfNamespace = Namespace<ConferenceClientEvents, ConferenceServerEvents, Record<string, never>, { principal: Principal }>;

const room = (meetingId: string) => `meeting:${meetingId}`;

/**
 * Messages per second a socket may send before it is refused (a flood costs it, not the server).
 * A venue joining a full meeting sends ~3 per remote producer at once (19 venues: ~110).
 */
const RATE_PER_SECOND = 300;

export interface ConferenceSocketDeps {
  ctx: ConfContext;
  conference: Conference;
  recordings: RecordingService;
  log: Logger;
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    if (!k) continue;
    try {
      out[k] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      out[k] = part.slice(i + 1).trim();
    }
  }
  return out;
}

export function attachConferenceSocket(io: Server, deps: ConferenceSocketDeps): { close(): void } {
  const nsp = io.of(CONFERENCE_NAMESPACE) as unknown as ConfNamespace;
  const { ctx, conference, log } = deps;

  nsp.use(async (socket, next) => {
    try {
      const token = parseCookies(socket.handshake.headers.cookie)[SESSION_COOKIE];
      const session = await resolveSession(ctx.platform.db, token);
      socket.data.principal = principalOf(session.user);
      next();
    } catch (e) {
      const err = toAppError(e);
      next(Object.assign(new Error(err.userMessage), { data: toErrorBody(err) }));
    }
  });

  // Every live meeting's events go to its room, once per meeting.
  conference.onMeeting((meeting: Meeting) => {
    meeting.on('state', (state) => nsp.to(room(meeting.id)).emit('meeting:state', state));
    meeting.on('activespeaker', (member: string | null) => nsp.to(room(meeting.id)).emit('meeting:active-speaker', { member }));
    meeting.on('rollcall', (result) => nsp.to(room(meeting.id)).emit('meeting:roll-call', result));
    meeting.on('recordingsaved', (recordingId: string) => nsp.to(room(meeting.id)).emit('meeting:recording', { saved: true, recordingId }));
    meeting.on('recordingfailed', () => nsp.to(room(meeting.id)).emit('meeting:recording', { saved: false, recordingId: null }));
  });

  nsp.on('connection', (socket: ConfSocket) => {
    const principal = socket.data.principal;
    const ip = socket.handshake.address;
    let current: { meeting: Meeting; peer: Peer } | null = null;
    // One message at a time per socket: joins, leaves and mediasoup calls never interleave.
    let queue: Promise<unknown> = Promise.resolve();
    let windowStart = Date.now();
    let inWindow = 0;

    const joined = () => {
      if (!current || current.peer.closed) throw new AppError('CONFLICT', 'not joined', { userMessage: '请先加入会议' });
      return current;
    };

    function on<S extends z.ZodType, R>(event: keyof ConferenceClientEvents, schema: S, handler: (payload: z.output<S>) => Promise<R> | R): void {
      (socket as unknown as Socket).on(event, (...args: unknown[]) => {
        const ack = typeof args.at(-1) === 'function' ? (args.pop() as (r: unknown) => void) : () => {};
        const payload = args.length ? args[0] : {};
        const now = Date.now();
        if (now - windowStart > 1000) {
          windowStart = now;
          inWindow = 0;
        }
        if (++inWindow > RATE_PER_SECOND) {
          ack({ ok: false, ...toErrorBody(new AppError('RATE_LIMITED', `${event} flood from ${principal.username}`)) });
          return;
        }
        queue = queue.then(async () => {
          try {
            const parsed = schema.safeParse(payload ?? {});
            if (!parsed.success) {
              const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
              throw new AppError('VALIDATION_FAILED', `${event}: invalid payload`, { userMessage: `消息格式错误（${event}）：${issues.map((i) => `${i.path || '内容'} ${i.message}`).join('；')}`, details: issues });
            }
            ack({ ok: true, data: (await handler(parsed.data)) ?? null });
          } catch (e) {
            let err = toAppError(e);
            // mediasoup refusing parameters (bad RTP/DTLS parameters, unknown ids) is the client's fault.
            if (err.code === 'INTERNAL' && e instanceof Error && /TypeError|invalid|not found|missing|wrong/i.test(`${e.name} ${e.message}`)) {
              err = new AppError('VALIDATION_FAILED', e.message, { userMessage: `媒体参数错误（${event}）` });
            }
            if (err.status >= 500) log.error({ err: e, event, user: principal.username }, 'conference handler failed');
            ack({ ok: false, ...toErrorBody(err) });
          }
        });
      });
    }

    function detach(): void {
      if (!current) return;
      const { meeting, peer } = current;
      current = null;
      void socket.leave(room(meeting.id));
      peer.close();
    }

    on('meeting:join', JoinMeetingSchema, async ({ meetingId, as }): Promise<Joined> => {
      detach();
      const { meeting, peer } = await conference.join(principal, meetingId, as === 'viewer');
      current = { meeting, peer };
      peer.once('close', (reason?: string, message?: string) => {
        if (reason) socket.emit('meeting:closed', { reason: reason as 'ended', message: message ?? '' });
        if (current?.peer === peer) {
          current = null;
          void socket.leave(room(meeting.id));
        }
      });
      peer.on('consumerclosed', (consumerId: string) => socket.emit('consumer:closed', { consumerId }));
      await socket.join(room(meeting.id));
      return { peerId: peer.id, role: peer.role, member: peer.member, routerRtpCapabilities: peer.router.rtpCapabilities as Record<string, unknown>, state: meeting.snapshot() };
    });

    on('meeting:leave', EmptySchema, () => {
      detach();
      return null;
    });

    on('rtc:capabilities', SetCapabilitiesSchema, ({ rtpCapabilities }) => {
      joined().peer.rtpCapabilities = rtpCapabilities as types.RtpCapabilities;
      return null;
    });

    on('transport:create', CreateTransportSchema, async ({ direction }): Promise<TransportInfo> => {
      const t = await joined().peer.createTransport(direction);
      return {
        id: t.id,
        iceParameters: t.iceParameters as unknown as Record<string, unknown>,
        iceCandidates: t.iceCandidates as unknown as Array<Record<string, unknown>>,
        dtlsParameters: t.dtlsParameters as unknown as Record<string, unknown>,
      };
    });

    on('transport:connect', ConnectTransportSchema, async ({ transportId, dtlsParameters }) => {
      await joined().peer.transport(transportId).connect({ dtlsParameters: dtlsParameters as unknown as types.DtlsParameters });
      return null;
    });

    on('transport:restart-ice', RestartIceSchema, async ({ transportId }) => {
      const iceParameters = await joined().peer.transport(transportId).restartIce();
      return { iceParameters: iceParameters as unknown as Record<string, unknown> };
    });

    on('producer:create', ProduceSchema, async ({ transportId, kind, rtpParameters, source }) => {
      const { meeting, peer } = joined();
      const producer = await meeting.produce(peer, { transportId, kind, rtpParameters: rtpParameters as unknown as types.RtpParameters, source });
      return { producerId: producer.id };
    });

    on('producer:pause', ProducerIdSchema, async ({ producerId }) => {
      const { meeting, peer } = joined();
      await meeting.setProducerPaused(peer, producerId, true);
      return null;
    });
    on('producer:resume', ProducerIdSchema, async ({ producerId }) => {
      const { meeting, peer } = joined();
      await meeting.setProducerPaused(peer, producerId, false);
      return null;
    });
    on('producer:close', ProducerIdSchema, ({ producerId }) => {
      const { meeting, peer } = joined();
      meeting.closeProducer(peer, producerId);
      return null;
    });

    on('consumer:create', ConsumeSchema, async ({ transportId, producerId }): Promise<ConsumerInfo> => {
      const { meeting, peer } = joined();
      const { consumer, member, source } = await meeting.consume(peer, { transportId, producerId });
      return { id: consumer.id, producerId, kind: consumer.kind, rtpParameters: consumer.rtpParameters as unknown as Record<string, unknown>, member, source };
    });
    on('consumer:resume', ConsumerIdSchema, async ({ consumerId }) => {
      await joined().peer.consumer(consumerId).resume();
      return null;
    });
    on('consumer:layers', ConsumerLayersSchema, async ({ consumerId, spatialLayer, temporalLayer }) => {
      const consumer = joined().peer.consumer(consumerId);
      if (consumer.type === 'simulcast' || consumer.type === 'svc') await consumer.setPreferredLayers({ spatialLayer, temporalLayer });
      return null;
    });

    // Chair control: the domain does it, chairAction checks the role and audits.
    const chair = <S extends z.ZodType, R>(event: keyof ConferenceClientEvents, schema: S, action: string, run: (m: Meeting, p: Peer, payload: z.output<S>) => Promise<R> | R, auditSuccess = true) =>
      on(event, schema, (payload) => {
        const { meeting, peer } = joined();
        return chairAction(ctx, meeting, peer, action, payload as Record<string, unknown>, () => run(meeting, peer, payload), ip, { auditSuccess });
      });

    chair('chair:mute', ChairMuteSchema, 'mute', async (m, _p, { target, muted }) => {
      await m.setMuted(target, muted);
      return null;
    });
    chair('chair:mute-all', ChairMuteAllSchema, 'mute-all', async (m, p, { muted }) => {
      await m.muteAll(muted, p.member);
      return null;
    });
    chair('chair:floor', ChairFocusSchema, 'floor', async (m, _p, { target }) => {
      await m.setFloor(target);
      return null;
    });
    chair('chair:broadcast', ChairFocusSchema, 'broadcast', (m, _p, { target }) => {
      m.setBroadcast(target);
      return null;
    });
    chair('chair:patrol', ChairPatrolSchema, 'patrol', (m, _p, { enabled, intervalSeconds }) => {
      m.setPatrol(enabled, intervalSeconds);
      return null;
    });
    chair('chair:lock', ChairLockSchema, 'lock', (m, _p, { locked }) => {
      m.setLocked(locked);
      return null;
    });
    chair('chair:remove', MemberTargetSchema, 'remove', (m, _p, { target }) => {
      m.remove(target);
      return null;
    });
    chair('chair:roll-call', EmptySchema, 'roll-call', (m) => m.rollCall());
    chair('chair:record', ChairRecordSchema, 'record', async (m, p, { action }) => {
      if (action === 'start') {
        await m.startRecording(p.principal, deps.recordings.factory);
        return { active: true, recordingId: null };
      }
      m.stopRecording();
      return { active: false, recordingId: null };
    });
    chair('chair:stats', EmptySchema, 'stats', async (m) => ({ members: await m.stats() }), false);
    chair('chair:end', EmptySchema, 'end', async (m) => {
      await endMeeting(ctx, principal, m.id, ip);
      m.close('ended', '主会场已结束会议');
      return null;
    }, false);

    socket.on('disconnect', () => detach());
  });

  return {
    close() {
      nsp.disconnectSockets(true);
      nsp.removeAllListeners();
    },
  };
}
