/**
 * Shared parts of the conference benchmarks (not a benchmark itself): a worker pool on the real
 * worker binary, a pre-encoded 1.5 Mbps VP8 source streamed by ffmpeg without re-encoding (so the
 * source costs almost no CPU), SRTP PlainTransport consumers that stand in for WebRTC subscribers
 * (same SRTP encryption and UDP send per packet; ICE/DTLS only cost at set-up), a UDP sink that
 * the kernel drops into, and CPU sampling of the worker processes.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { types } from 'mediasoup';
import { createLogger } from '@yizhan/core';
import { loadMediasoup } from '../services/conference/src/media/mediasoup';
import { WorkerPool } from '../services/conference/src/media/worker-pool';

export const IP = '127.0.0.1';
/** AES-GCM like Chromium (which negotiates AEAD_AES_256_GCM over DTLS; mediasoup 3.13.16's PlainTransport cannot be given that suite: its flatbuffers enum value 0 reads as missing). */
export const SUITE = (process.env.BENCH_SRTP_SUITE ?? 'AEAD_AES_128_GCM') as types.SrtpCryptoSuite;
const KEY_BYTES: Record<string, number> = { AEAD_AES_256_GCM: 44, AEAD_AES_128_GCM: 28, AES_CM_128_HMAC_SHA1_80: 30, AES_CM_128_HMAC_SHA1_32: 30 };

export async function pool(workers: number): Promise<WorkerPool> {
  return WorkerPool.create(await loadMediasoup(), { workers, listenIp: IP, rtcPort: 0 }, createLogger('warn'));
}

/** 20 s of 1280×720 VP8 at the given bitrate, encoded once and cached. */
export function encodedClip(kbps: number): string {
  const file = path.join(os.tmpdir(), `yizhan-bench-vp8-720p-${kbps}k.webm`);
  if (fs.existsSync(file)) return file;
  const r = spawnSync(
    'ffmpeg',
    ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25:duration=20', '-c:v', 'libvpx', '-b:v', `${kbps}k`, '-minrate', `${kbps}k`, '-maxrate', `${kbps}k`, '-bufsize', `${kbps}k`, '-g', '50', '-deadline', 'good', '-cpu-used', '4', '-an', '-y', file],
    { stdio: 'inherit' },
  );
  if (r.status !== 0) throw new Error('could not encode the benchmark clip');
  return file;
}

export interface Source {
  producer: types.Producer;
  proc: ChildProcess;
  close(): void;
}

/** Streams the clip in a loop (copy, no encoding) into a PlainTransport producer. */
export async function streamClip(router: types.Router, clip: string): Promise<Source> {
  const transport = await router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: IP }, rtcpMux: false, comedia: true });
  const ssrc = 11_111_111;
  const producer = await transport.produce({
    kind: 'video',
    rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }] }], encodings: [{ ssrc }] },
  });
  const url = `rtp://${IP}:${transport.tuple.localPort}?rtcpport=${transport.rtcpTuple!.localPort}&pkt_size=1200`;
  const proc = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re', '-stream_loop', '-1', '-i', clip, '-c:v', 'copy', '-an', '-payload_type', '101', '-ssrc', String(ssrc), '-f', 'rtp', url], { stdio: 'ignore' });
  return {
    producer,
    proc,
    close() {
      proc.kill('SIGKILL');
      transport.close();
    },
  };
}

/**
 * A UDP port bound with a tiny buffer by a process that never reads it: the kernel accepts and
 * drops what the consumers send, and no user-space CPU is spent receiving (a Node socket would read
 * every packet into JavaScript and compete with the worker for the 2 cores).
 */
export async function sink(): Promise<{ port: number; close(): void }> {
  const py = spawn('python3', ['-c', "import socket,time\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\ns.setsockopt(socket.SOL_SOCKET,socket.SO_RCVBUF,4096)\ns.bind(('127.0.0.1',0))\nprint(s.getsockname()[1],flush=True)\ntime.sleep(86400)"], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    py.stdout!.once('data', (d) => resolve(Number(String(d).trim())));
    py.once('error', reject);
  });
  return { port, close: () => py.kill('SIGKILL') };
}

/**
 * The capabilities a subscriber consumes with. `tcc` true: the router's own (transport-wide-cc
 * header extension + transport-cc feedback, as Chromium negotiates), so every sent packet also goes
 * through mediasoup's libwebrtc send-side congestion controller. But the sink never answers with
 * transport-cc feedback, and libwebrtc only drops a packet from its send-time history when feedback
 * acknowledges it (else after 60 s): each subscriber's history grows to ~10,000 packets in a
 * std::map, a per-packet cost (tree walks through cold memory) that a real, answering subscriber
 * does not have — pessimistic, and it grows during the first minute of a run. `tcc` false: without
 * transport-cc (REMB/abs-send-time stay), like a PlainTransport or PipeTransport consumer: no
 * per-packet congestion-control work at all — optimistic for a browser subscriber.
 */
export function subscriberCapabilities(router: types.Router, tcc: boolean): types.RtpCapabilities {
  const caps = router.rtpCapabilities;
  if (tcc) return caps;
  return {
    codecs: caps.codecs?.map((c) => ({ ...c, rtcpFeedback: c.rtcpFeedback?.filter((f) => f.type !== 'transport-cc') })),
    headerExtensions: caps.headerExtensions?.filter((h) => !h.uri.includes('transport-wide-cc')),
  };
}

/** A subscriber: an SRTP PlainTransport with one consumer, sending to the sink. */
export async function subscriber(router: types.Router, producerId: string, sinkPort: number, tcc = true): Promise<{ transport: types.PlainTransport; consumer: types.Consumer }> {
  const rtpCapabilities = subscriberCapabilities(router, tcc);
  if ((SUITE as string) === 'none') {
    // baseline without encryption (BENCH_SRTP_SUITE=none): what SRTP costs is the difference
    const plain = await router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: IP }, rtcpMux: true, comedia: false });
    await plain.connect({ ip: IP, port: sinkPort });
    return { transport: plain, consumer: await plain.consume({ producerId, rtpCapabilities }) };
  }
  const transport = await router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: IP }, rtcpMux: true, comedia: false, enableSrtp: true, srtpCryptoSuite: SUITE });
  await transport.connect({ ip: IP, port: sinkPort, srtpParameters: { cryptoSuite: SUITE, keyBase64: crypto.randomBytes(KEY_BYTES[SUITE] ?? 30).toString('base64') } });
  const consumer = await transport.consume({ producerId, rtpCapabilities });
  return { transport, consumer };
}

/** Which srtp backend the worker binary was built with (libsrtp's cipher descriptions name it). */
export function srtpBackend(): string {
  const bin = process.env.MEDIASOUP_WORKER_BIN;
  if (!bin) return 'unknown';
  const data = fs.readFileSync(bin);
  if (data.includes('AES-128 GCM using openssl')) return 'libsrtp on OpenSSL (static)';
  if (data.includes('libsrtp2.so')) return 'shared libsrtp2 (Debian: NSS)';
  return 'unknown';
}

/** CPU share (1.0 = one core) of each worker over `ms`, from getrusage of the worker processes; `sys` is the kernel part (UDP sends). */
export const lastSplit: Array<{ user: number; sys: number }> = [];
export async function workerCpu(workers: types.Worker[], ms: number): Promise<number[]> {
  const before = await Promise.all(workers.map((w) => w.getResourceUsage()));
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  const after = await Promise.all(workers.map((w) => w.getResourceUsage()));
  const wall = performance.now() - t0;
  lastSplit.length = 0;
  for (const [i, a] of after.entries()) lastSplit.push({ user: (a.ru_utime - before[i].ru_utime) / wall, sys: (a.ru_stime - before[i].ru_stime) / wall });
  return after.map((a, i) => (a.ru_utime + a.ru_stime - before[i].ru_utime - before[i].ru_stime) / wall);
}

/** Packets/s and kbit/s the sampled consumers sent over `ms`. */
export async function consumerRates(consumers: types.Consumer[], ms: number): Promise<{ pps: number; kbps: number }[]> {
  const snap = async () => Promise.all(consumers.map(async (c) => (await c.getStats()).find((s) => s.type === 'outbound-rtp') ?? { packetCount: 0, byteCount: 0 }));
  const a = await snap();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  const b = await snap();
  const sec = (performance.now() - t0) / 1000;
  return b.map((x, i) => ({ pps: (x.packetCount - a[i].packetCount) / sec, kbps: ((x.byteCount - a[i].byteCount) * 8) / 1000 / sec }));
}

export async function producerRate(producer: types.Producer, ms: number): Promise<{ pps: number; kbps: number }> {
  const a = (await producer.getStats())[0];
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  const b = (await producer.getStats())[0];
  const sec = (performance.now() - t0) / 1000;
  return { pps: (b.packetCount - a.packetCount) / sec, kbps: ((b.byteCount - a.byteCount) * 8) / 1000 / sec };
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[s.length >> 1] : NaN;
};
