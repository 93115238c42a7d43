/**
 * The browser side of a meeting, without React: the `/conference` socket, the mediasoup-client
 * Device and its two transports, our producers (mic + 3-layer simulcast camera) and a consumer for
 * every producer of the other members. The server pushes the whole live state; we converge on it
 * (consume what is new, drop what is gone). A transport whose ICE drops is restarted; a socket that
 * reconnects rejoins with the same local tracks.
 */
import { io, type Socket } from 'socket.io-client';
import { Device, type types } from 'mediasoup-client';
import {
  CONFERENCE_NAMESPACE,
  type ConferenceClientEvents,
  type ConferenceServerEvents,
  type ConsumerInfo,
  type Joined,
  type MediaSourceKind,
  type MeetingClosedReason,
  type MeetingLiveState,
  type MeetingRole,
  type RollCallResult,
  type TransportInfo,
} from '@yizhan/protocol';

type ConfSocket = Socket<ConferenceServerEvents, ConferenceClientEvents>;
type AckResponse<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

export class ConferenceError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface RemoteMedia {
  member: string;
  video: MediaStreamTrack | null;
  audio: MediaStreamTrack | null;
  videoConsumerId: string | null;
}

export type ConnectionStatus = 'connecting' | 'joined' | 'reconnecting' | 'closed';

export interface ConferenceSnapshot {
  status: ConnectionStatus;
  role: MeetingRole | null;
  member: string | null;
  state: MeetingLiveState | null;
  remotes: Map<string, RemoteMedia>;
  closedReason: { reason: MeetingClosedReason; message: string } | null;
  error: string | null;
  mediaState: { send: string; recv: string };
}

interface ConsumerEntry {
  consumer: types.Consumer;
  member: string;
  source: MediaSourceKind;
}

const SIMULCAST: types.RtpEncodingParameters[] = [
  { rid: 'r0', scaleResolutionDownBy: 4, maxBitrate: 150_000, scalabilityMode: 'L1T3' },
  { rid: 'r1', scaleResolutionDownBy: 2, maxBitrate: 500_000, scalabilityMode: 'L1T3' },
  { rid: 'r2', scaleResolutionDownBy: 1, maxBitrate: 1_200_000, scalabilityMode: 'L1T3' },
];

export class ConferenceClient {
  readonly #meetingId: string;
  readonly #asViewer: boolean;
  readonly #socket: ConfSocket;
  #device: Device | null = null;
  #send: types.Transport | null = null;
  #recv: types.Transport | null = null;
  #producers = new Map<MediaSourceKind, types.Producer>();
  #consumers = new Map<string, ConsumerEntry>();
  #consuming = new Set<string>();
  #layers = new Map<string, number>();
  #tracks: { mic: MediaStreamTrack | null; cam: MediaStreamTrack | null } = { mic: null, cam: null };
  #paused: { mic: boolean; cam: boolean } = { mic: false, cam: false };
  #listeners = new Set<() => void>();
  #speakerListeners = new Set<(member: string | null) => void>();
  #rollCallListeners = new Set<(r: RollCallResult) => void>();
  #recordingListeners = new Set<(saved: boolean) => void>();
  #snapshot: ConferenceSnapshot = { status: 'connecting', role: null, member: null, state: null, remotes: new Map(), closedReason: null, error: null, mediaState: { send: 'new', recv: 'new' } };
  #joining: Promise<void> | null = null;
  #closed = false;
  #syncQueued = false;
  /** Wanted spatial layer per member (from the page's layout). */
  #wantedLayers = new Map<string, number>();
  firstRemoteFrameAt: number | null = null;
  readonly joinStartedAt = performance.now();

  #resync: ReturnType<typeof setInterval>;

  constructor(meetingId: string, opts: { asViewer?: boolean } = {}) {
    this.#meetingId = meetingId;
    this.#asViewer = !!opts.asViewer;
    // A consume that failed (a producer that was closing, a refused burst) is retried on the next pass.
    this.#resync = setInterval(() => this.#scheduleSync(), 5000);
    this.#socket = io(CONFERENCE_NAMESPACE, { path: '/socket.io', withCredentials: true, transports: ['websocket', 'polling'], reconnectionDelay: 500, reconnectionDelayMax: 3000 }) as ConfSocket;
    this.#socket.on('connect', () => void this.#join());
    this.#socket.on('disconnect', (reason) => {
      if (this.#closed) return;
      this.#teardownMedia();
      this.#update({ status: 'reconnecting' });
      // The server closed us on purpose: reconnect by hand (socket.io does not after 'io server disconnect').
      if (reason === 'io server disconnect') setTimeout(() => !this.#closed && this.#socket.connect(), 1000);
    });
    this.#socket.on('connect_error', (err) => this.#update({ error: err.message }));
    this.#socket.on('meeting:state', (state) => {
      this.#update({ state });
      this.#scheduleSync();
    });
    this.#socket.on('meeting:active-speaker', ({ member }) => {
      for (const fn of this.#speakerListeners) fn(member);
    });
    this.#socket.on('meeting:roll-call', (r) => {
      for (const fn of this.#rollCallListeners) fn(r);
    });
    this.#socket.on('consumer:closed', ({ consumerId }) => this.#dropConsumer(consumerId));
    this.#socket.on('meeting:recording', ({ saved }) => {
      for (const fn of this.#recordingListeners) fn(saved);
    });
    this.#socket.on('meeting:closed', (p) => {
      this.#teardownMedia();
      if (p.reason === 'failed') {
        // The media server lost the meeting (a worker restarted): join again on a healthy one.
        this.#update({ status: 'reconnecting' });
        setTimeout(() => !this.#closed && void this.#join(), 1000);
        return;
      }
      this.#closed = true;
      clearInterval(this.#resync);
      this.#socket.disconnect();
      this.#update({ status: 'closed', closedReason: p });
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Subscriptions (React reads snapshots through useSyncExternalStore)
  // ---------------------------------------------------------------------------------------------

  subscribe = (fn: () => void): (() => void) => {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  };

  getSnapshot = (): ConferenceSnapshot => this.#snapshot;

  onActiveSpeaker(fn: (member: string | null) => void): () => void {
    this.#speakerListeners.add(fn);
    return () => this.#speakerListeners.delete(fn);
  }

  onRollCall(fn: (r: RollCallResult) => void): () => void {
    this.#rollCallListeners.add(fn);
    return () => this.#rollCallListeners.delete(fn);
  }

  /** A stopped recording was stored (true) or failed (false). */
  onRecording(fn: (saved: boolean) => void): () => void {
    this.#recordingListeners.add(fn);
    return () => this.#recordingListeners.delete(fn);
  }

  #update(patch: Partial<ConferenceSnapshot>): void {
    this.#snapshot = { ...this.#snapshot, ...patch };
    for (const fn of this.#listeners) fn();
  }

  #remotesChanged(): void {
    const remotes = new Map<string, RemoteMedia>();
    for (const [id, c] of this.#consumers) {
      const r = remotes.get(c.member) ?? { member: c.member, video: null, audio: null, videoConsumerId: null };
      if (c.consumer.kind === 'video') {
        r.video = c.consumer.track;
        r.videoConsumerId = id;
      } else {
        r.audio = c.consumer.track;
      }
      remotes.set(c.member, r);
    }
    this.#update({ remotes });
  }

  // ---------------------------------------------------------------------------------------------
  // Requests
  // ---------------------------------------------------------------------------------------------

  request<T>(event: keyof ConferenceClientEvents, payload: unknown = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new ConferenceError('TIMEOUT', '服务器无响应，请稍后再试')), 20_000);
      (this.#socket as unknown as Socket).emit(event, payload, (r: AckResponse<T>) => {
        clearTimeout(timer);
        if (r.ok) resolve(r.data);
        else reject(new ConferenceError(r.error.code, r.error.message));
      });
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Joining (also after every reconnect)
  // ---------------------------------------------------------------------------------------------

  #join(): Promise<void> {
    this.#joining ??= this.#doJoin().finally(() => (this.#joining = null));
    return this.#joining;
  }

  async #doJoin(): Promise<void> {
    try {
      const joined = await this.request<Joined>('meeting:join', { meetingId: this.#meetingId, as: this.#asViewer ? 'viewer' : 'auto' });
      const device = new Device();
      await device.load({ routerRtpCapabilities: joined.routerRtpCapabilities as unknown as types.RtpCapabilities });
      this.#device = device;
      await this.request('rtc:capabilities', { rtpCapabilities: device.recvRtpCapabilities });
      this.#recv = await this.#createTransport('recv');
      if (joined.role !== 'viewer') this.#send = await this.#createTransport('send');
      this.#update({ status: 'joined', role: joined.role, member: joined.member, state: joined.state, error: null });
      this.#scheduleSync();
      for (const source of ['mic', 'cam'] as const) {
        await this.#ensureProducing(source).catch((e: Error) => this.#update({ error: e.message }));
      }
    } catch (e) {
      const err = e instanceof ConferenceError ? e : new ConferenceError('INTERNAL', e instanceof Error ? e.message : String(e));
      // Refusals (locked, removed, ended, not invited) are final; anything else is retried by the next reconnect.
      if (['FORBIDDEN', 'CONFLICT', 'NOT_FOUND', 'VALIDATION_FAILED'].includes(err.code)) {
        this.#closed = true;
        this.#socket.disconnect();
        this.#update({ status: 'closed', error: err.message });
      } else {
        this.#update({ error: err.message });
      }
    }
  }

  async #createTransport(direction: 'send' | 'recv'): Promise<types.Transport> {
    const info = await this.request<TransportInfo>('transport:create', { direction });
    const params = {
      id: info.id,
      iceParameters: info.iceParameters as unknown as types.IceParameters,
      iceCandidates: info.iceCandidates as unknown as types.IceCandidate[],
      dtlsParameters: info.dtlsParameters as unknown as types.DtlsParameters,
    };
    const transport = direction === 'send' ? this.#device!.createSendTransport(params) : this.#device!.createRecvTransport(params);
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      this.request('transport:connect', { transportId: transport.id, dtlsParameters })
        .then(() => callback())
        .catch((e: Error) => errback(e));
    });
    if (direction === 'send') {
      transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
        this.request<{ producerId: string }>('producer:create', { transportId: transport.id, kind, rtpParameters, source: appData.source })
          .then(({ producerId }) => callback({ id: producerId }))
          .catch((e: Error) => errback(e));
      });
    }
    let restartTimer: ReturnType<typeof setTimeout> | null = null;
    transport.on('connectionstatechange', (state) => {
      this.#update({ mediaState: { ...this.#snapshot.mediaState, [direction]: state } });
      if (restartTimer) clearTimeout(restartTimer);
      restartTimer = null;
      // A network blip: restart ICE (new candidates pairs, same DTLS) rather than rebuilding everything.
      if (state === 'disconnected' || state === 'failed') {
        restartTimer = setTimeout(() => void this.#restartIce(transport), state === 'failed' ? 0 : 2000);
      }
    });
    return transport;
  }

  async #restartIce(transport: types.Transport): Promise<void> {
    if (transport.closed || this.#closed) return;
    try {
      const { iceParameters } = await this.request<{ iceParameters: types.IceParameters }>('transport:restart-ice', { transportId: transport.id });
      await transport.restartIce({ iceParameters });
    } catch {
      // The socket is down too: the rejoin after reconnect rebuilds the transports.
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Local media
  // ---------------------------------------------------------------------------------------------

  /** Sets (or replaces) the microphone or camera track; null stops sending that source. */
  async setTrack(source: MediaSourceKind, track: MediaStreamTrack | null): Promise<void> {
    this.#tracks[source] = track;
    await this.#ensureProducing(source);
  }

  #producing: Record<MediaSourceKind, Promise<void>> = { mic: Promise.resolve(), cam: Promise.resolve() };

  /** Makes the producer of `source` match the current track; one change at a time per source. */
  #ensureProducing(source: MediaSourceKind): Promise<void> {
    const next = this.#producing[source].then(async () => {
      const track = this.#tracks[source];
      const producer = this.#producers.get(source);
      if (producer && (producer.closed || !this.#send || producer.closed)) this.#producers.delete(source);
      const live = this.#producers.get(source);
      if (!track) {
        if (live) {
          live.close();
          this.#producers.delete(source);
          await this.request('producer:close', { producerId: live.id }).catch(() => {});
        }
        return;
      }
      if (live) {
        if (live.track !== track) await live.replaceTrack({ track });
        return;
      }
      if (this.#send && !this.#send.closed && this.#snapshot.status === 'joined') await this.#produce(source, track);
    });
    this.#producing[source] = next.catch(() => {});
    return next;
  }

  async #produce(source: MediaSourceKind, track: MediaStreamTrack): Promise<void> {
    const send = this.#send!;
    let producer: types.Producer;
    if (source === 'cam') {
      const vp8 = this.#device!.rtpCapabilities.codecs?.find((c) => c.mimeType.toLowerCase() === 'video/vp8');
      // stopTracks false: the page owns the camera; a rejoin produces the same track again.
      producer = await send.produce({ track, encodings: SIMULCAST, codecOptions: { videoGoogleStartBitrate: 1000 }, codec: vp8, stopTracks: false, appData: { source } });
    } else {
      producer = await send.produce({ track, codecOptions: { opusStereo: false, opusDtx: false, opusFec: true }, stopTracks: false, appData: { source } });
    }
    this.#producers.set(source, producer);
    if (this.#paused[source]) await this.setPaused(source, true);
  }

  async setPaused(source: MediaSourceKind, paused: boolean): Promise<void> {
    this.#paused[source] = paused;
    const producer = this.#producers.get(source);
    if (!producer) return;
    if (paused) {
      producer.pause();
      await this.request('producer:pause', { producerId: producer.id });
    } else {
      await this.request('producer:resume', { producerId: producer.id }); // refused while the chair mutes us
      producer.resume();
    }
  }

  isPaused(source: MediaSourceKind): boolean {
    return this.#paused[source];
  }

  // ---------------------------------------------------------------------------------------------
  // Remote media: converge on the state
  // ---------------------------------------------------------------------------------------------

  #scheduleSync(): void {
    if (this.#syncQueued) return;
    this.#syncQueued = true;
    queueMicrotask(() => {
      this.#syncQueued = false;
      void this.#sync();
    });
  }

  async #sync(): Promise<void> {
    const state = this.#snapshot.state;
    if (!state || !this.#recv || this.#snapshot.status !== 'joined') return;
    const wanted = new Set<string>();
    for (const m of state.members) {
      if (m.key === this.#snapshot.member) continue;
      for (const p of m.producers) wanted.add(p.id);
    }
    for (const [id, c] of this.#consumers) if (!wanted.has(c.consumer.producerId)) this.#dropConsumer(id);
    const have = new Set([...this.#consumers.values()].map((c) => c.consumer.producerId));
    for (const producerId of wanted) {
      if (have.has(producerId) || this.#consuming.has(producerId)) continue;
      this.#consuming.add(producerId);
      this.#consume(producerId).finally(() => this.#consuming.delete(producerId));
    }
  }

  async #consume(producerId: string): Promise<void> {
    const recv = this.#recv;
    if (!recv) return;
    try {
      const info = await this.request<ConsumerInfo>('consumer:create', { transportId: recv.id, producerId });
      if (recv.closed) return;
      const consumer = await recv.consume({ id: info.id, producerId, kind: info.kind, rtpParameters: info.rtpParameters as unknown as types.RtpParameters });
      this.#consumers.set(consumer.id, { consumer, member: info.member, source: info.source });
      consumer.on('trackended', () => this.#dropConsumer(consumer.id));
      await this.request('consumer:resume', { consumerId: consumer.id });
      if (consumer.kind === 'video') await this.#applyLayer(consumer.id, info.member);
      this.#remotesChanged();
    } catch {
      // The producer went away meanwhile; the next state settles it.
    }
  }

  #dropConsumer(consumerId: string): void {
    const c = this.#consumers.get(consumerId);
    if (!c) return;
    c.consumer.close();
    this.#consumers.delete(consumerId);
    this.#layers.delete(consumerId);
    this.#remotesChanged();
  }

  /** The page's layout: the focused member in high quality, the thumbnails on the lowest layer. */
  setWantedLayers(layers: Map<string, number>): void {
    this.#wantedLayers = layers;
    for (const [id, c] of this.#consumers) if (c.consumer.kind === 'video') void this.#applyLayer(id, c.member);
  }

  async #applyLayer(consumerId: string, member: string): Promise<void> {
    const layer = this.#wantedLayers.get(member) ?? 0;
    if (this.#layers.get(consumerId) === layer) return;
    this.#layers.set(consumerId, layer);
    await this.request('consumer:layers', { consumerId, spatialLayer: layer }).catch(() => this.#layers.delete(consumerId));
  }

  markFirstFrame(): void {
    this.firstRemoteFrameAt ??= performance.now();
  }

  // ---------------------------------------------------------------------------------------------
  // Leaving
  // ---------------------------------------------------------------------------------------------

  #teardownMedia(): void {
    for (const c of this.#consumers.values()) c.consumer.close();
    this.#consumers.clear();
    this.#layers.clear();
    for (const p of this.#producers.values()) p.close();
    this.#producers.clear();
    this.#send?.close();
    this.#recv?.close();
    this.#send = null;
    this.#recv = null;
    this.#remotesChanged();
  }

  close(): void {
    clearInterval(this.#resync);
    if (this.#closed) return;
    this.#closed = true;
    this.#socket.emit('meeting:leave', {}, () => {});
    this.#teardownMedia();
    this.#socket.disconnect();
    this.#update({ status: 'closed' });
  }
}
