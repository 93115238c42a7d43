/**
 * 级联: a meeting on this node joined with a meeting on another Yizhan conference node (the
 * provincial system) through a pair of PipeTransports over the network, SRTP-protected, whose
 * parameters travel over a socket.io connection authenticated by an HMAC of a shared secret.
 * Each side announces the producers of its own members; the other side re-produces them on its
 * pipe transport so its venues see and hear them like local members (kind 'remote').
 */
import crypto from 'node:crypto';
import type { Namespace, Server, Socket } from 'socket.io';
import type { types } from 'mediasoup';
import { AppError, recordAudit, toAppError, toErrorBody, type Logger, type Principal } from '@yizhan/core';
import {
  CASCADE_NAMESPACE,
  CascadeAuthSchema,
  CascadeConnectSchema,
  CascadeOpenSchema,
  CascadeProduceSchema,
  CascadeProducerStateSchema,
  type CascadeProduce,
  type MediaSourceKind,
  type PipeEndpoint,
} from '@yizhan/protocol';
import type { z } from 'zod';
import type { ConfContext } from '../context';
import type { Conference } from '../domain/conference';
import type { Meeting } from '../domain/meeting';
import type { Venue } from '../domain/venue';
import type { WorkerPool } from '../media/worker-pool';

/** Requests and answers between the nodes, whichever end of the socket we are. */
interface Channel {
  request<T>(event: string, payload: unknown): Promise<T>;
  handle<S extends z.ZodType>(event: string, schema: S, fn: (p: z.output<S>) => Promise<unknown> | unknown): void;
  onClose(fn: () => void): void;
  close(): void;
}

const MAX_SKEW_MS = 60_000;
const REQUEST_TIMEOUT_MS = 15_000;
/** How long a newly linked meeting stays open without local peers, waiting for the other node's media. */
const LINK_GRACE_MS = 20_000;

export function cascadeMac(secret: string, node: string, ts: number): string {
  return crypto.createHmac('sha256', secret).update(`${node}.${ts}`).digest('hex');
}

export function verifyCascadeAuth(secret: string | undefined, auth: unknown, now = Date.now()): string {
  if (!secret) throw new AppError('FORBIDDEN', 'cascade not configured', { userMessage: '本节点未开放级联' });
  const parsed = CascadeAuthSchema.safeParse(auth);
  if (!parsed.success) throw new AppError('UNAUTHENTICATED', 'bad cascade auth', { userMessage: '级联认证失败' });
  const { node, ts, mac } = parsed.data;
  if (Math.abs(now - ts) > MAX_SKEW_MS) throw new AppError('UNAUTHENTICATED', 'cascade auth expired', { userMessage: '级联认证已过期（请检查两节点时钟）' });
  const expected = Buffer.from(cascadeMac(secret, node, ts), 'hex');
  if (!crypto.timingSafeEqual(expected, Buffer.from(mac, 'hex'))) throw new AppError('UNAUTHENTICATED', 'bad cascade mac', { userMessage: '级联认证失败' });
  return node;
}

interface AckBody {
  ok: boolean;
  data?: unknown;
  error?: { code: string; message: string };
}

function socketChannel(
  socket: {
    emit(...a: unknown[]): unknown;
    on(e: string, fn: (...a: unknown[]) => void): unknown;
    once(e: string, fn: (...a: unknown[]) => void): unknown;
    disconnect(): unknown;
  },
  log: Logger,
): Channel {
  return {
    request<T>(event: string, payload: unknown): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new AppError('UNAVAILABLE', `cascade ${event} timed out`, { userMessage: '级联节点无响应' })),
          REQUEST_TIMEOUT_MS,
        );
        socket.emit(event, payload, (res: AckBody) => {
          clearTimeout(timer);
          if (res?.ok) resolve(res.data as T);
          else reject(new AppError('CONFLICT', `cascade ${event}: ${res?.error?.message}`, { userMessage: `级联失败：${res?.error?.message ?? '对端拒绝'}` }));
        });
      });
    },
    handle(event, schema, fn) {
      socket.on(event, (...args: unknown[]) => {
        const ack = typeof args.at(-1) === 'function' ? (args.pop() as (r: AckBody) => void) : () => {};
        void (async () => {
          try {
            const parsed = schema.safeParse(args[0] ?? {});
            if (!parsed.success) throw new AppError('VALIDATION_FAILED', `cascade ${event}: invalid payload`, { userMessage: `级联消息格式错误（${event}）` });
            ack({ ok: true, data: (await fn(parsed.data)) ?? null });
          } catch (e) {
            const err = toAppError(e);
            if (err.status >= 500) log.error({ err: e, event }, 'cascade handler failed');
            ack({ ok: false, ...toErrorBody(err) });
          }
        })();
      });
    },
    onClose(fn) {
      socket.once('disconnect', () => fn());
    },
    close() {
      socket.disconnect();
    },
  };
}

/** One joined pair of meetings, seen from this node. */
export class CascadeLink {
  readonly #consumers = new Map<string, types.Consumer>();
  #closed = false;
  readonly #onProducer = (member: Venue, producer: types.Producer, source: MediaSourceKind) => void this.#announce(member, producer, source);

  constructor(
    readonly meeting: Meeting,
    readonly transport: types.PipeTransport,
    readonly channel: Channel,
    /** The other node's name: prefix of its members' keys here. */
    readonly remoteNode: string,
    private readonly log: Logger,
  ) {
    channel.handle('link:produce', CascadeProduceSchema, (p) => this.#reproduce(p));
    channel.handle('link:producer-state', CascadeProducerStateSchema, async ({ producerId, paused, closed }) => {
      const producer = this.transport.closed ? undefined : this.meeting.findProducer(producerId)?.producer;
      if (!producer) return null;
      if (closed) producer.close();
      else if (paused) await producer.pause();
      else await producer.resume();
      this.meeting.changed();
      return null;
    });
    channel.onClose(() => this.close());
    transport.observer.once('close', () => this.close());
    meeting.once('close', () => this.close());
  }

  /** Announces every local producer now and every new one later. */
  start(): void {
    this.meeting.on('producer', this.#onProducer);
    for (const member of this.meeting.members.values()) {
      if (member.kind === 'remote') continue;
      for (const { producer, source } of member.producers()) void this.#announce(member, producer, source);
    }
  }

  async #announce(member: Venue, producer: types.Producer, source: MediaSourceKind): Promise<void> {
    if (this.#closed || member.kind === 'remote' || producer.closed) return; // never send back what came from a link
    try {
      const consumer = await this.transport.consume({ producerId: producer.id });
      this.#consumers.set(producer.id, consumer);
      consumer.observer.once('close', () => this.#consumers.delete(producer.id));
      const state = (s: { paused?: boolean; closed?: boolean }) =>
        void this.channel.request('link:producer-state', { producerId: producer.id, ...s }).catch(() => {});
      consumer.on('producerclose', () => state({ closed: true }));
      consumer.on('producerpause', () => state({ paused: true }));
      consumer.on('producerresume', () => state({ paused: false }));
      const announcement: CascadeProduce = {
        producerId: producer.id,
        kind: consumer.kind,
        rtpParameters: consumer.rtpParameters as unknown as Record<string, unknown>,
        paused: producer.paused,
        member: member.key,
        name: member.name,
        source,
      };
      await this.channel.request('link:produce', announcement);
    } catch (err) {
      if (!this.#closed) this.log.warn({ err, producerId: producer.id }, 'cascade: could not announce a producer');
    }
  }

  async #reproduce(p: z.output<typeof CascadeProduceSchema>): Promise<null> {
    if (this.#closed) throw new AppError('CONFLICT', 'link closed', { userMessage: '级联已断开' });
    if (this.meeting.findProducer(p.producerId)) return null; // announced twice
    const producer = await this.transport.produce({
      id: p.producerId,
      kind: p.kind,
      rtpParameters: p.rtpParameters as unknown as types.RtpParameters,
      paused: p.paused,
      appData: { member: `${this.remoteNode}/${p.member}`, source: p.source, remote: true },
    });
    this.meeting.addRemoteProducer(`${this.remoteNode}/${p.member}`, `${p.name}（级联）`, producer, p.source);
    return null;
  }

  get closed(): boolean {
    return this.#closed;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.meeting.off('producer', this.#onProducer);
    this.transport.close();
    this.channel.close();
  }
}

export interface CascadeService {
  link(p: Principal, meetingId: string, url: string, remoteMeetingId: string, ip?: string): Promise<{ linked: true; remoteNode: string; remoteTitle: string }>;
  linkCount(): number;
  close(): void;
}

async function pipeTransport(pool: WorkerPool, meeting: Meeting): Promise<types.PipeTransport> {
  return meeting.router.createPipeTransport({ listenInfo: pool.listenInfo, enableSrtp: true, enableRtx: true, appData: { cascade: true } });
}

function endpointOf(t: types.PipeTransport): PipeEndpoint {
  return { ip: t.tuple.localIp, port: t.tuple.localPort, srtpParameters: t.srtpParameters! };
}

export function cascadeService(opts: { ctx: ConfContext; conference: Conference; io: Server; log: Logger }): CascadeService {
  const { ctx, conference, io, log } = opts;
  const secret = ctx.platform.config.conference.cascadeSecret;
  const nodeName = new URL(ctx.platform.config.http.publicUrl).host;
  const links = new Set<CascadeLink>();
  const track = (l: CascadeLink) => {
    links.add(l);
    l.transport.observer.once('close', () => links.delete(l));
  };

  // The side that is linked to: the other node connects here.
  const nsp = io.of(CASCADE_NAMESPACE) as Namespace;
  nsp.use((socket, next) => {
    try {
      socket.data.node = verifyCascadeAuth(secret, socket.handshake.auth);
      next();
    } catch (e) {
      const err = toAppError(e);
      void recordAudit(ctx.db, {
        actor: 'cascade',
        action: 'conference.cascade.refused',
        targetType: 'node',
        targetId: String((socket.handshake.auth as { node?: unknown })?.node ?? 'unknown').slice(0, 200),
        details: { reason: err.message },
        ip: socket.handshake.address,
      }).catch(() => {});
      next(Object.assign(new Error(err.userMessage), { data: toErrorBody(err) }));
    }
  });
  nsp.on('connection', (socket: Socket) => {
    const remoteNode = String(socket.data.node);
    const channel = socketChannel(socket as never, log);
    let link: CascadeLink | null = null;
    let transport: types.PipeTransport | null = null;
    let opened: Meeting | null = null;
    channel.handle('link:open', CascadeOpenSchema, async ({ meetingId }) => {
      if (link || transport) throw new AppError('CONFLICT', 'link already open', { userMessage: '级联已建立' });
      const meeting = await conference.open(meetingId);
      opened = meeting;
      // Kept open while the other node's media arrives; afterwards local peers or remote members keep it.
      meeting.holdFor(LINK_GRACE_MS);
      socket.once('disconnect', () => transport?.close());
      transport = await pipeTransport(conference.pool, meeting);
      await recordAudit(ctx.db, {
        actor: `cascade:${remoteNode}`,
        action: 'conference.cascade.accept',
        targetType: 'meeting',
        targetId: meetingId,
        ip: socket.handshake.address,
      });
      return { node: nodeName, title: meeting.title, endpoint: endpointOf(transport) };
    });
    channel.handle('link:connect', CascadeConnectSchema, async (remote) => {
      if (!transport || link) throw new AppError('CONFLICT', 'open first', { userMessage: '请先打开级联' });
      const meeting = opened;
      if (!meeting || meeting.closed) throw new AppError('CONFLICT', 'meeting gone', { userMessage: '会议已结束' });
      await transport.connect(remote as { ip: string; port: number; srtpParameters: types.SrtpParameters });
      link = new CascadeLink(meeting, transport, channel, remoteNode, log);
      track(link);
      // Announce after answering, so the other side has its link ready for our producers.
      setImmediate(() => link?.start());
      return null;
    });
  });

  return {
    async link(p, meetingId, url, remoteMeetingId, ip) {
      if (!secret) throw new AppError('UNAVAILABLE', 'no cascade secret', { userMessage: '本节点未配置级联密钥（CONFERENCE_CASCADE_SECRET）' });
      const meeting = await conference.open(meetingId);
      meeting.holdFor(LINK_GRACE_MS); // not closed for want of peers while we link
      return linkTo(p, meeting, url, remoteMeetingId, ip);
    },
    linkCount: () => links.size,
    close() {
      for (const l of [...links]) l.close();
      nsp.disconnectSockets(true);
      nsp.removeAllListeners();
    },
  };

  async function linkTo(p: Principal, meeting: Meeting, url: string, remoteMeetingId: string, ip?: string) {
    const secretKey = secret!;
    const { io: connect } = await import('socket.io-client');
    const ts = Date.now();
    const socket = connect(new URL(CASCADE_NAMESPACE, url).toString(), {
      transports: ['websocket'],
      reconnection: false,
      timeout: REQUEST_TIMEOUT_MS,
      auth: { node: nodeName, ts, mac: cascadeMac(secretKey, nodeName, ts) },
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (err: Error) =>
        reject(new AppError('UNAVAILABLE', `cascade connect: ${err.message}`, { userMessage: `无法连接级联节点：${err.message}` })),
      );
    });
    const channel = socketChannel(socket as never, log);
    let transport: types.PipeTransport | null = null;
    try {
      const opened = await channel.request<{ node: string; title: string; endpoint: PipeEndpoint }>('link:open', {
        meetingId: remoteMeetingId,
        title: meeting.title,
      });
      transport = await pipeTransport(conference.pool, meeting);
      await transport.connect(opened.endpoint as { ip: string; port: number; srtpParameters: types.SrtpParameters });
      const link = new CascadeLink(meeting, transport, channel, opened.node, log);
      track(link);
      await channel.request('link:connect', endpointOf(transport));
      link.start();
      await recordAudit(ctx.db, {
        actor: p.username,
        agencyCode: p.agencyCode,
        action: 'conference.cascade.link',
        targetType: 'meeting',
        targetId: meeting.id,
        details: { url, remoteMeetingId, remoteNode: opened.node },
        ip,
      });
      return { linked: true as const, remoteNode: opened.node, remoteTitle: opened.title };
    } catch (e) {
      transport?.close();
      socket.disconnect();
      throw e;
    }
  }
}
