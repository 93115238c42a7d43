/**
 * Conference test helpers: the real server with the conference module (a real mediasoup worker
 * pool), logged-in API clients, and `/conference` sockets that speak the protocol with acks.
 */
import { io, type Socket } from 'socket.io-client';
import { CONFERENCE_NAMESPACE, type ConferenceClientEvents, type ConferenceServerEvents, type Meeting, type ScheduleMeeting } from '@yizhan/protocol';
import { ApiClient, startTestServer, type TestServer } from '../support/temp-server';

export const PASSWORD = 'yizhan2026';

/** The whole server (all modules, the conference with a real mediasoup worker pool; one worker unless told). */
export function startConferenceServer(extraEnv: Record<string, string> = {}): Promise<TestServer> {
  return startTestServer({ CONFERENCE_WORKERS: '1', ...extraEnv });
}

export async function login(baseUrl: string, username: string): Promise<ApiClient> {
  const api = new ApiClient(baseUrl);
  const res = await api.login(username, PASSWORD);
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return api;
}

export interface VenueInfo {
  code: string;
  name: string;
  kind: 'main' | 'county';
  operatorUsername: string;
}

export async function venues(api: ApiClient): Promise<VenueInfo[]> {
  return (await api.get('/api/directory/venues')).body.venues;
}

export async function schedule(api: ApiClient, m: Partial<ScheduleMeeting> & Pick<ScheduleMeeting, 'chairVenue' | 'venues'>): Promise<Meeting> {
  const res = await api.post('/api/meetings', { title: '测试会议', startsAt: new Date().toISOString(), ...m });
  if (res.status !== 201) throw new Error(`schedule: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export type AckResult<T = any> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; details?: unknown } };

export interface ConfClient {
  socket: Socket<ConferenceServerEvents, ConferenceClientEvents>;
  call<T = any>(event: string, payload?: unknown): Promise<AckResult<T>>;
  /** call() that throws on an error ack. */
  ok<T = any>(event: string, payload?: unknown): Promise<T>;
  close(): void;
}

export async function confSocket(baseUrl: string, api: ApiClient): Promise<ConfClient> {
  const socket = io(baseUrl + CONFERENCE_NAMESPACE, { transports: ['websocket'], extraHeaders: { cookie: api.cookie }, reconnection: false, forceNew: true }) as Socket<ConferenceServerEvents, ConferenceClientEvents>;
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (e) => reject(e));
  });
  const call = <T>(event: string, payload?: unknown) =>
    new Promise<AckResult<T>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ack for ${event}`)), 20_000);
      (socket as unknown as Socket).emit(event, payload, (r: AckResult<T>) => {
        clearTimeout(timer);
        resolve(r);
      });
    });
  return {
    socket,
    call,
    async ok<T>(event: string, payload?: unknown) {
      const r = await call<T>(event, payload);
      if (!r.ok) throw new Error(`${event}: ${r.error.code} ${r.error.message}`);
      return r.data;
    },
    close: () => socket.disconnect(),
  };
}

export async function mediaCounts(admin: ApiClient) {
  const res = await admin.get('/api/conference/media');
  if (res.status !== 200) throw new Error(`media counts: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as {
    counts: { workers: number; routers: number; transports: number; producers: number; consumers: number; webRtcTransports: number };
    workers: Array<{ pid: number; alive: boolean; routers: number; consumers: number }>;
    meetings: number;
    links: number;
  };
}

export async function waitFor<T>(fn: () => Promise<T | undefined | false | null> | T | undefined | false | null, ms = 20_000, what = 'condition'): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Opus and 3-layer VP8 simulcast RTP parameters as a browser would send them (for tests without a browser). */
export function fakeRtpParameters(kind: 'audio' | 'video', ssrcBase: number) {
  if (kind === 'audio') return { codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2, parameters: {}, rtcpFeedback: [] }], encodings: [{ ssrc: ssrcBase }], headerExtensions: [], rtcp: { cname: 'test' } };
  return {
    codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000, parameters: {}, rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }] }],
    encodings: [
      { ssrc: ssrcBase, scaleResolutionDownBy: 4, maxBitrate: 150_000 },
      { ssrc: ssrcBase + 1, scaleResolutionDownBy: 2, maxBitrate: 500_000 },
      { ssrc: ssrcBase + 2, scaleResolutionDownBy: 1, maxBitrate: 1_200_000 },
    ],
    headerExtensions: [],
    rtcp: { cname: 'test' },
  };
}
