/**
 * A live meeting (会议) on this node: one router on the least loaded worker for the members, viewer
 * routers on the other workers for 网上直播 (fed with pipeToRouter), the active speaker observer,
 * the chair's state (floor, broadcast, patrol, lock, mutes), the recorder and cascade links.
 * Created by Conference when the first member joins; closed (idempotently, cascading to peers,
 * routers, recorder and links) when the chair ends it, when the last peer leaves, or when its worker dies.
 */
import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import { AppError, type Logger, type Principal } from '@yizhan/core';
import type { MediaSourceKind, MeetingClosedReason, MeetingLiveState, MeetingMode, MemberStats, RollCallResult } from '@yizhan/protocol';
import { MEDIA_CODECS } from '../media/codecs';
import type { MediaWorker, WorkerPool } from '../media/worker-pool';
import type { Access } from '../meetings/meeting-access';
import { Peer } from './peer';
import { Venue } from './venue';

export interface MeetingSeat {
  key: string;
  kind: 'venue' | 'person';
  name: string;
  venueKind: 'main' | 'county' | null;
}

export interface MeetingInit {
  id: string;
  title: string;
  mode: MeetingMode;
  chairVenue: string;
  liveBroadcast: boolean;
  seats: MeetingSeat[];
}

export interface MeetingDeps {
  pool: WorkerPool;
  log: Logger;
}

/** Something that can record the meeting (media/recorder.ts via recording-session.ts). */
export interface MeetingRecording {
  readonly startedAt: Date;
  /** Stops and stores; resolves with the recording id. */
  stop(): Promise<string | null>;
  abort(): void;
}

export type RecordingFactory = (meeting: Meeting, startedBy: Principal) => Promise<MeetingRecording>;

export class Meeting extends EventEmitter {
  readonly id: string;
  readonly title: string;
  readonly mode: MeetingMode;
  readonly chairKey: string;
  readonly liveBroadcast: boolean;
  readonly router: types.Router;
  readonly slot: MediaWorker;
  readonly members = new Map<string, Venue>();
  readonly viewers = new Set<Peer>();
  locked = false;
  floor: string | null = null;
  broadcast: string | null = null;
  patrol = { enabled: false, intervalSeconds: 10, current: null as string | null };
  activeSpeaker: string | null = null;
  recording: MeetingRecording | null = null;
  readonly #deps: MeetingDeps;
  readonly #speakerObserver: types.ActiveSpeakerObserver;
  readonly #viewerRouters = new Map<MediaWorker, Promise<types.Router>>();
  readonly #pipes = new Map<string, Promise<void>>();
  #patrolTimer: NodeJS.Timeout | null = null;
  #stateQueued = false;
  #closed = false;
  #holds = 0;
  readonly #finalizing = new Set<Promise<unknown>>();

  private constructor(init: MeetingInit, deps: MeetingDeps, router: types.Router, slot: MediaWorker, observer: types.ActiveSpeakerObserver) {
    super();
    this.id = init.id;
    this.title = init.title;
    this.mode = init.mode;
    this.chairKey = init.chairVenue;
    this.liveBroadcast = init.liveBroadcast;
    this.router = router;
    this.slot = slot;
    this.#deps = deps;
    this.#speakerObserver = observer;
    for (const s of init.seats) this.members.set(s.key, new Venue(s.key, s.kind, s.name, s.venueKind));
  }

  static async create(init: MeetingInit, deps: MeetingDeps): Promise<Meeting> {
    const slot = deps.pool.leastLoaded();
    const router = await slot.worker.createRouter({ mediaCodecs: MEDIA_CODECS, appData: { meetingId: init.id } });
    let observer: types.ActiveSpeakerObserver;
    try {
      observer = await router.createActiveSpeakerObserver({ interval: 300 });
    } catch (e) {
      router.close();
      throw e;
    }
    const meeting = new Meeting(init, deps, router, slot, observer);
    observer.on('dominantspeaker', ({ producer }) => {
      const key = (producer.appData as { member?: string }).member ?? null;
      if (key === meeting.activeSpeaker) return;
      meeting.activeSpeaker = key;
      meeting.emit('activespeaker', key);
      meeting.changed();
    });
    // The worker died or someone closed the router: the meeting cannot go on here.
    router.observer.once('close', () => meeting.close('failed', '媒体服务异常，请重新入会'));
    return meeting;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get peers(): Peer[] {
    const list: Peer[] = [...this.viewers];
    for (const m of this.members.values()) if (m.peer) list.push(m.peer);
    return list;
  }

  // ---------------------------------------------------------------------------------------------
  // Joining and leaving
  // ---------------------------------------------------------------------------------------------

  memberKeyFor(p: Principal, access: Access, asViewer: boolean): string | null {
    if (asViewer || access.role === 'viewer' || access.role === null) return null;
    return access.venue ?? `u:${p.username}`;
  }

  async join(p: Principal, access: Access, asViewer: boolean): Promise<Peer> {
    this.#assertOpen();
    if (!access.role) throw new AppError('FORBIDDEN', `${p.username} not in meeting ${this.id}`, { userMessage: '您未受邀参加此会议' });
    if (asViewer && !this.liveBroadcast && access.role === 'viewer' && !p.roles.includes('admin')) throw new AppError('FORBIDDEN', 'no live broadcast', { userMessage: '此会议未开放网上直播' });
    const key = this.memberKeyFor(p, access, asViewer);
    let member: Venue | undefined;
    if (key) {
      member = this.members.get(key);
      if (!member) {
        // The host joining from their desk is a person seat that was not in the schedule.
        member = new Venue(key, 'person', p.name, null);
        this.members.set(key, member);
      }
      if (member.removed) throw new AppError('FORBIDDEN', `${key} was removed`, { userMessage: '主会场已将您移出本次会议' });
      if (this.locked && !member.everJoined && access.role !== 'chair') throw new AppError('FORBIDDEN', 'meeting locked', { userMessage: '会议已锁定，不能再加入' });
    } else if (this.locked && access.role !== 'viewer') {
      throw new AppError('FORBIDDEN', 'meeting locked', { userMessage: '会议已锁定，不能再加入' });
    }

    let router = this.router;
    let slot = this.slot;
    if (!key) ({ router, slot } = await this.#viewerRouter());
    this.#assertOpen();
    const peer = await Peer.create({ principal: p, role: asViewer ? 'viewer' : access.role, member: key, router, webRtcServer: slot.webRtcServer });
    if (member) {
      const previous = member.peer;
      member.peer = peer;
      member.everJoined = true;
      member.micPaused = false;
      member.camPaused = false;
      previous?.close('replaced', '该会场已在其他终端入会');
    } else {
      this.viewers.add(peer);
    }
    peer.once('close', () => {
      if (member && member.peer === peer) member.peer = null;
      this.viewers.delete(peer);
      if (this.patrol.current === key && key) this.#advancePatrol();
      this.changed();
      this.#closeIfEmpty();
    });
    this.changed();
    return peer;
  }

  async #viewerRouter(): Promise<{ router: types.Router; slot: MediaWorker }> {
    // 网上直播 viewers go to the least loaded core; on another core than the members' router they get
    // a router of their own there, fed with pipeToRouter, so one meeting fans out over every core.
    const slot = this.#deps.pool.leastLoaded();
    if (slot === this.slot) return { router: this.router, slot };
    let pending = this.#viewerRouters.get(slot);
    if (!pending) {
      pending = slot.worker.createRouter({ mediaCodecs: MEDIA_CODECS, appData: { meetingId: this.id, viewers: true } });
      this.#viewerRouters.set(slot, pending);
      pending.then(
        (r) => r.observer.once('close', () => this.#viewerRouters.delete(slot)),
        () => this.#viewerRouters.delete(slot),
      );
    }
    const router = await pending;
    if (this.#closed) router.close();
    return { router, slot };
  }

  /** Routers of this meeting (members' and viewers'), for stats and tests. */
  async routers(): Promise<types.Router[]> {
    const viewers = await Promise.all([...this.#viewerRouters.values()].map((p) => p.catch(() => null)));
    return [this.router, ...viewers.filter((r): r is types.Router => !!r && !r.closed)];
  }

  // ---------------------------------------------------------------------------------------------
  // Media
  // ---------------------------------------------------------------------------------------------

  memberOf(peer: Peer): Venue {
    const m = peer.member ? this.members.get(peer.member) : undefined;
    if (!m || m.peer !== peer) throw new AppError('FORBIDDEN', 'not a member peer', { userMessage: '网上直播观众不能发送音视频' });
    return m;
  }

  async produce(peer: Peer, opts: { transportId: string; kind: 'audio' | 'video'; rtpParameters: types.RtpParameters; source: MediaSourceKind }): Promise<types.Producer> {
    this.#assertOpen();
    const member = this.memberOf(peer);
    if ((opts.source === 'mic') !== (opts.kind === 'audio')) throw new AppError('VALIDATION_FAILED', 'source/kind mismatch', { userMessage: '媒体类型与来源不符' });
    const transport = peer.transport(opts.transportId);
    if ((transport.appData as { direction?: string }).direction !== 'send') throw new AppError('CONFLICT', 'not a send transport', { userMessage: '该通道不能发送' });
    for (const [id, entry] of peer.producers) if (entry.source === opts.source) {
      entry.producer.close();
      peer.producers.delete(id);
    }
    const producer = await transport.produce({ kind: opts.kind, rtpParameters: opts.rtpParameters, appData: { member: member.key, source: opts.source, peerId: peer.id } });
    peer.addProducer({ producer, source: opts.source });
    producer.observer.once('close', () => this.changed());
    if (opts.kind === 'audio') {
      await this.#speakerObserver.addProducer({ producerId: producer.id }).catch(() => {});
      if (member.chairMuted) await producer.pause();
    }
    this.emit('producer', member, producer, opts.source);
    this.changed();
    return producer;
  }

  async setProducerPaused(peer: Peer, producerId: string, paused: boolean): Promise<void> {
    const member = this.memberOf(peer);
    const { producer, source } = peer.producer(producerId);
    if (!paused && source === 'mic' && member.chairMuted) throw new AppError('CONFLICT', 'muted by chair', { userMessage: '主会场已将您静音，不能自行取消' });
    if (source === 'mic') member.micPaused = paused;
    else member.camPaused = paused;
    if (paused) await producer.pause();
    else await producer.resume();
    this.changed();
  }

  closeProducer(peer: Peer, producerId: string): void {
    peer.producer(producerId).producer.close();
    peer.producers.delete(producerId);
    this.changed();
  }

  /** A producer this meeting knows (a member's, or one arriving over a cascade link). */
  findProducer(producerId: string): { member: Venue; producer: types.Producer; source: MediaSourceKind } | null {
    for (const member of this.members.values()) {
      for (const entry of member.producers()) if (entry.producer.id === producerId) return { member, ...entry };
    }
    return null;
  }

  async consume(peer: Peer, opts: { transportId: string; producerId: string }): Promise<{ consumer: types.Consumer; member: string; source: MediaSourceKind }> {
    this.#assertOpen();
    if (!peer.rtpCapabilities) throw new AppError('CONFLICT', 'capabilities first', { userMessage: '请先发送媒体能力（rtc:capabilities）' });
    const found = this.findProducer(opts.producerId);
    if (!found) throw new AppError('NOT_FOUND', `no producer ${opts.producerId}`, { userMessage: '对方的媒体流已结束' });
    if (found.member.peer === peer) throw new AppError('CONFLICT', 'own producer', { userMessage: '不能接收自己的媒体流' });
    const transport = peer.transport(opts.transportId);
    if ((transport.appData as { direction?: string }).direction !== 'recv') throw new AppError('CONFLICT', 'not a recv transport', { userMessage: '该通道不能接收' });
    if (peer.router !== this.router) await this.#pipeTo(opts.producerId, peer.router);
    if (!peer.router.canConsume({ producerId: opts.producerId, rtpCapabilities: peer.rtpCapabilities })) {
      throw new AppError('CONFLICT', 'cannot consume', { userMessage: '浏览器不支持该媒体格式' });
    }
    const consumer = await transport.consume({
      producerId: opts.producerId,
      rtpCapabilities: peer.rtpCapabilities,
      paused: true,
      // Simulcast: start on the middle layer; the client asks for more when the venue is shown large.
      preferredLayers: { spatialLayer: 1 },
      appData: { member: found.member.key, source: found.source },
    });
    if (consumer.kind === 'video') await consumer.setPriority(found.member.key === this.focus() ? 2 : 1).catch(() => {});
    peer.addConsumer(consumer);
    return { consumer, member: found.member.key, source: found.source };
  }

  async #pipeTo(producerId: string, target: types.Router): Promise<void> {
    const key = `${target.id}:${producerId}`;
    let pending = this.#pipes.get(key);
    if (!pending) {
      pending = this.router.pipeToRouter({ producerId, router: target }).then(({ pipeProducer }) => {
        pipeProducer?.observer.once('close', () => this.#pipes.delete(key));
      });
      this.#pipes.set(key, pending);
      pending.catch(() => this.#pipes.delete(key));
    }
    await pending;
  }

  // ---------------------------------------------------------------------------------------------
  // Chair control (authorisation and audit are in chair-control.ts)
  // ---------------------------------------------------------------------------------------------

  member(key: string): Venue {
    const m = this.members.get(key);
    if (!m) throw new AppError('NOT_FOUND', `no member ${key}`, { userMessage: '该会场不在本次会议中' });
    return m;
  }

  async setMuted(key: string, muted: boolean): Promise<void> {
    const member = this.member(key);
    member.chairMuted = muted;
    const mic = member.producerOf('mic');
    if (mic && member.kind !== 'remote') {
      if (muted) await mic.pause();
      else if (!member.micPaused) await mic.resume();
    }
    this.changed();
  }

  async muteAll(muted: boolean, exceptKey: string | null): Promise<void> {
    for (const m of this.members.values()) if (m.key !== exceptKey && m.kind !== 'remote') await this.setMuted(m.key, muted);
  }

  async setFloor(key: string | null): Promise<void> {
    if (key) {
      const m = this.member(key);
      if (m.chairMuted) await this.setMuted(key, false); // 点名发言: the venue speaks
    }
    this.floor = key;
    this.changed();
    this.#followLayout();
  }

  setBroadcast(key: string | null): void {
    if (key) this.member(key);
    this.broadcast = key;
    this.changed();
    this.#followLayout();
  }

  setPatrol(enabled: boolean, intervalSeconds: number): void {
    if (this.#patrolTimer) clearInterval(this.#patrolTimer);
    this.#patrolTimer = null;
    this.patrol = { enabled, intervalSeconds, current: null };
    if (enabled) {
      this.#advancePatrol();
      this.#patrolTimer = setInterval(() => this.#advancePatrol(), intervalSeconds * 1000);
      this.#patrolTimer.unref();
    }
    this.changed();
  }

  /** 轮巡 goes through the online county venues (or any other online member when there is none). */
  #advancePatrol(): void {
    if (!this.patrol.enabled) return;
    const online = [...this.members.values()].filter((m) => m.online && m.key !== this.chairKey);
    const counties = online.filter((m) => m.venueKind === 'county');
    const ring = counties.length ? counties : online;
    if (ring.length === 0) {
      this.patrol.current = null;
    } else {
      const i = ring.findIndex((m) => m.key === this.patrol.current);
      this.patrol.current = ring[(i + 1) % ring.length].key;
    }
    this.changed();
  }

  setLocked(locked: boolean): void {
    this.locked = locked;
    this.changed();
  }

  remove(key: string): void {
    const m = this.member(key);
    if (key === this.chairKey) throw new AppError('CONFLICT', 'cannot remove the chair', { userMessage: '不能移出主会场' });
    m.removed = true;
    m.peer?.close('removed', '主会场已将您移出本次会议');
    if (this.floor === key) this.floor = null;
    if (this.broadcast === key) this.broadcast = null;
    this.changed();
    this.#followLayout();
  }

  rollCall(): RollCallResult {
    const seats = [...this.members.values()].filter((m) => m.kind !== 'remote' || m.online);
    const result = {
      at: new Date().toISOString(),
      present: seats.filter((m) => m.online).map((m) => ({ key: m.key, name: m.name })),
      absent: seats.filter((m) => !m.online).map((m) => ({ key: m.key, name: m.name })),
    };
    this.emit('rollcall', result);
    return result;
  }

  /** Who everyone sees large: the broadcast venue, else the one with the floor, else the chair. */
  focus(): string {
    return this.broadcast ?? this.floor ?? this.chairKey;
  }

  #recordingSource: { by: Principal; factory: RecordingFactory; focus: string } | null = null;

  async startRecording(by: Principal, factory: RecordingFactory): Promise<void> {
    if (this.recording || this.#recordingSource) throw new AppError('CONFLICT', 'already recording', { userMessage: '会议已在录制中' });
    this.recording = await factory(this, by);
    this.#recordingSource = { by, factory, focus: this.focus() };
    this.changed();
  }

  /**
   * The recorded picture follows the layout: when the broadcast / floor venue changes while
   * recording, the current segment is stored and a new one starts with the new venue's video (and
   * the audio of everyone present now). Each segment is its own recording in 会议点播.
   */
  #followLayout(): void {
    const src = this.#recordingSource;
    const current = this.recording;
    if (!src || !current || this.#closed || src.focus === this.focus()) return;
    src.focus = this.focus();
    this.recording = null;
    this.#finish(current);
    src
      .factory(this, src.by)
      .then((next) => {
        if (this.#closed || this.recording || this.#recordingSource !== src) return next.abort();
        this.recording = next;
        this.changed();
        // the layout moved on again while this segment was starting: follow it now
        this.#followLayout();
      })
      .catch((err: unknown) => {
        this.#deps.log.error({ err, meetingId: this.id }, 'could not start the next recording segment');
        this.#recordingSource = null;
        this.changed();
      });
  }

  /** Stops capturing now; the file is mixed and stored in the background ('recordingsaved' when done). */
  stopRecording(): void {
    const rec = this.recording;
    if (!rec && this.#recordingSource) {
      this.#recordingSource = null; // between two segments: the next one is dropped when it starts
      this.changed();
      return;
    }
    if (!rec) throw new AppError('CONFLICT', 'not recording', { userMessage: '会议当前没有在录制' });
    this.recording = null;
    this.#recordingSource = null;
    this.changed();
    this.#finish(rec);
  }

  #finish(rec: MeetingRecording): void {
    const done = rec
      .stop()
      .then((id) => {
        if (id) this.emit('recordingsaved', id);
      })
      .catch((err: unknown) => {
        this.#deps.log.error({ err, meetingId: this.id }, 'recording could not be stored');
        this.emit('recordingfailed');
      })
      .finally(() => this.#finalizing.delete(done));
    this.#finalizing.add(done);
  }

  /** Recordings still being written (awaited on shutdown). */
  get finalizing(): Promise<unknown> {
    return Promise.all([...this.#finalizing]);
  }

  // ---------------------------------------------------------------------------------------------
  // Cascade (级联): members that live on another node
  // ---------------------------------------------------------------------------------------------

  addRemoteProducer(key: string, name: string, producer: types.Producer, source: MediaSourceKind): void {
    let m = this.members.get(key);
    if (!m) {
      m = new Venue(key, 'remote', name, null);
      this.members.set(key, m);
    }
    const member = m;
    member.remoteProducers.set(producer.id, { producer, source });
    producer.observer.once('close', () => {
      member.remoteProducers.delete(producer.id);
      this.changed();
      this.#closeIfEmpty();
    });
    if (producer.kind === 'audio') void this.#speakerObserver.addProducer({ producerId: producer.id }).catch(() => {});
    this.changed();
  }

  // ---------------------------------------------------------------------------------------------
  // State and stats
  // ---------------------------------------------------------------------------------------------

  snapshot(): MeetingLiveState {
    const speaking = (key: string) => key === this.floor || key === this.activeSpeaker;
    return {
      meetingId: this.id,
      title: this.title,
      mode: this.mode,
      chair: this.chairKey,
      locked: this.locked,
      floor: this.floor,
      broadcast: this.broadcast,
      patrol: { ...this.patrol },
      recording: { active: !!this.recording || !!this.#recordingSource, startedAt: this.recording ? this.recording.startedAt.toISOString() : null },
      activeSpeaker: this.activeSpeaker,
      viewers: this.viewers.size,
      members: [...this.members.values()].map((m) => m.snapshot(speaking(m.key) && m.online)),
    };
  }

  /** Coalesces changes into one 'state' event per tick. */
  changed(): void {
    if (this.#stateQueued || this.#closed) return;
    this.#stateQueued = true;
    setImmediate(() => {
      this.#stateQueued = false;
      if (!this.#closed) this.emit('state', this.snapshot());
    });
  }

  async stats(): Promise<MemberStats[]> {
    const out: MemberStats[] = [];
    for (const m of this.members.values()) {
      const base: MemberStats = { key: m.key, name: m.name, online: m.online, sendKbps: 0, recvKbps: 0, lossRate: 0, rttMs: null, score: null };
      const peer = m.peer;
      if (!peer || peer.closed) {
        out.push(base);
        continue;
      }
      try {
        let recvBps = 0;
        let sendBps = 0;
        for (const t of peer.transports.values()) {
          const [s] = await t.getStats();
          if (!s) continue;
          recvBps += s.recvBitrate ?? 0; // what the server receives from the member: its upload
          sendBps += s.sendBitrate ?? 0;
        }
        let lost = 0;
        let packets = 0;
        const scores: number[] = [];
        const rtts: number[] = [];
        for (const { producer } of peer.producers.values()) {
          const streamScores: number[] = [];
          for (const s of await producer.getStats()) {
            lost += s.packetsLost ?? 0;
            packets += s.packetCount ?? 0;
            streamScores.push(s.score);
            if (s.roundTripTime) rtts.push(s.roundTripTime);
          }
          // a producer's quality is its best stream (simulcast layers the venue holds back score 0);
          // a paused producer (muted microphone) sends nothing and says nothing about the line
          if (!producer.paused && streamScores.length) scores.push(Math.max(...streamScores));
        }
        // RTT from the RTCP receiver reports of a few of the member's consumers (enough for a mean).
        for (const consumer of [...peer.consumers.values()].slice(0, 3)) {
          for (const s of await consumer.getStats()) if (s.type === 'outbound-rtp' && s.roundTripTime) rtts.push(s.roundTripTime);
        }
        out.push({
          ...base,
          sendKbps: Math.round(recvBps / 1000),
          recvKbps: Math.round(sendBps / 1000),
          lossRate: packets + lost > 0 ? lost / (packets + lost) : 0,
          rttMs: rtts.length ? Math.round(rtts.reduce((a, b) => a + b, 0) / rtts.length) : null,
          score: scores.length ? Math.min(...scores) : null,
        });
      } catch {
        out.push(base); // the peer left while we were asking
      }
    }
    return out;
  }

  /** Something other than a peer keeps the meeting open (a cascade link). */
  hold(): void {
    this.#holds++;
  }

  release(): void {
    this.#holds = Math.max(0, this.#holds - 1);
    this.#closeIfEmpty();
  }

  /** Held for `ms` (a cascade link being set up waits for the other node's media). */
  holdFor(ms: number): void {
    this.hold();
    setTimeout(() => this.release(), ms).unref();
  }

  /** Nobody here and nobody arriving over a cascade link: the meeting's media is released. */
  #closeIfEmpty(): void {
    if (this.#closed || this.peers.length > 0 || this.#holds > 0) return;
    if ([...this.members.values()].some((m) => m.kind === 'remote' && m.online)) return;
    this.close();
  }

  #assertOpen(): void {
    if (this.#closed) throw new AppError('CONFLICT', `meeting ${this.id} closed`, { userMessage: '会议已结束' });
  }

  /** Idempotent; peers are told `reason` (none when the room just emptied). */
  close(reason?: MeetingClosedReason, message?: string): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#patrolTimer) clearInterval(this.#patrolTimer);
    this.#patrolTimer = null;
    const rec = this.recording;
    this.recording = null;
    this.#recordingSource = null;
    // Keep what was recorded so far: a meeting that ends while recording still has its recording.
    if (rec) this.#finish(rec);
    for (const peer of this.peers) peer.close(reason, message);
    for (const pending of this.#viewerRouters.values()) pending.then((r) => r.close(), () => {});
    this.router.close();
    this.emit('close', reason);
  }
}
