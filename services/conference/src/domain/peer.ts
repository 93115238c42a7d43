/**
 * One connection to a meeting: a venue terminal, a person at their desk, or a viewer. Owns its
 * WebRTC transports and through them its producers and consumers; close() closes them all (mediasoup
 * cascades transport → producers/consumers) and emits 'close' once.
 */
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { types } from 'mediasoup';
import { AppError, type Principal } from '@yizhan/core';
import type { MediaSourceKind, MeetingClosedReason, MeetingRole } from '@yizhan/protocol';

export interface PeerOptions {
  principal: Principal;
  role: MeetingRole;
  /** Member key (venue code or u:<username>); null for a viewer. */
  member: string | null;
  router: types.Router;
  webRtcServer: types.WebRtcServer;
}

export interface ProducerEntry {
  producer: types.Producer;
  source: MediaSourceKind;
}

export class Peer extends EventEmitter {
  readonly id = randomUUID();
  readonly principal: Principal;
  readonly role: MeetingRole;
  readonly member: string | null;
  readonly router: types.Router;
  readonly #webRtcServer: types.WebRtcServer;
  readonly transports = new Map<string, types.WebRtcTransport>();
  readonly producers = new Map<string, ProducerEntry>();
  readonly consumers = new Map<string, types.Consumer>();
  rtpCapabilities: types.RtpCapabilities | null = null;
  #closed = false;

  private constructor(opts: PeerOptions) {
    super();
    this.principal = opts.principal;
    this.role = opts.role;
    this.member = opts.member;
    this.router = opts.router;
    this.#webRtcServer = opts.webRtcServer;
  }

  static async create(opts: PeerOptions): Promise<Peer> {
    return new Peer(opts);
  }

  get closed(): boolean {
    return this.#closed;
  }

  get isViewer(): boolean {
    return this.role === 'viewer';
  }

  async createTransport(direction: 'send' | 'recv'): Promise<types.WebRtcTransport> {
    this.#assertOpen();
    if (direction === 'send' && this.isViewer) throw new AppError('FORBIDDEN', 'viewers do not send', { userMessage: '网上直播观众不能发送音视频' });
    if (this.transports.size >= 4) throw new AppError('CONFLICT', 'too many transports', { userMessage: '连接数过多，请刷新页面' });
    const transport = await this.router.createWebRtcTransport({
      webRtcServer: this.#webRtcServer,
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      initialAvailableOutgoingBitrate: 1_000_000,
      appData: { peerId: this.id, direction },
    });
    if (this.#closed) {
      transport.close();
      throw new AppError('CONFLICT', 'peer closed', { userMessage: '您已离开会议' });
    }
    this.transports.set(transport.id, transport);
    transport.observer.once('close', () => this.transports.delete(transport.id));
    transport.on('dtlsstatechange', (state) => {
      if (state === 'failed' || state === 'closed') this.emit('transportfailed', transport.id);
    });
    if (direction === 'send') await transport.setMaxIncomingBitrate(2_500_000).catch(() => {});
    return transport;
  }

  transport(id: string): types.WebRtcTransport {
    const t = this.transports.get(id);
    if (!t) throw new AppError('NOT_FOUND', `no transport ${id}`, { userMessage: '传输通道不存在，请重新入会' });
    return t;
  }

  producer(id: string): ProducerEntry {
    const p = this.producers.get(id);
    if (!p) throw new AppError('NOT_FOUND', `no producer ${id}`, { userMessage: '媒体流不存在' });
    return p;
  }

  consumer(id: string): types.Consumer {
    const c = this.consumers.get(id);
    if (!c) throw new AppError('NOT_FOUND', `no consumer ${id}`, { userMessage: '媒体流不存在' });
    return c;
  }

  addProducer(entry: ProducerEntry): void {
    this.producers.set(entry.producer.id, entry);
    entry.producer.observer.once('close', () => this.producers.delete(entry.producer.id));
  }

  addConsumer(consumer: types.Consumer): void {
    this.consumers.set(consumer.id, consumer);
    consumer.observer.once('close', () => {
      this.consumers.delete(consumer.id);
      if (!this.#closed) this.emit('consumerclosed', consumer.id);
    });
  }

  #assertOpen(): void {
    if (this.#closed) throw new AppError('CONFLICT', 'peer closed', { userMessage: '您已离开会议' });
  }

  /** Idempotent. `reason` tells the client why (absent when the client left by itself). */
  close(reason?: MeetingClosedReason, message?: string): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const t of this.transports.values()) t.close();
    this.transports.clear();
    this.producers.clear();
    this.consumers.clear();
    this.emit('close', reason, message);
  }
}
