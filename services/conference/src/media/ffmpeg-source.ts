/**
 * A synthetic venue: ffmpeg encodes a test pattern (VP8) and/or a tone (Opus) and sends them as RTP
 * (optionally SRTP) into PlainTransports in comedia mode. Used by the tests and the benchmarks; a
 * studio encoder or an IP camera would connect the same way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import type { types } from 'mediasoup';

const IP = '127.0.0.1';
const SUITE = 'AES_CM_128_HMAC_SHA1_80';

export interface FfmpegSourceOptions {
  router: types.Router;
  video?: { width: number; height: number; fps: number; kbps: number } | false;
  audio?: boolean;
  /** Seconds; 0 = until close(). */
  seconds?: number;
  srtp?: boolean;
  appData?: Record<string, unknown>;
  ffmpeg?: string;
}

export interface FfmpegSource {
  video: types.Producer | null;
  audio: types.Producer | null;
  process: ChildProcess;
  stderr(): string;
  done: Promise<number | null>;
  close(): void;
}

async function ingest(router: types.Router, srtp: boolean): Promise<{ transport: types.PlainTransport; url: (proto: string) => string; key: string | null }> {
  // ffmpeg sends RTCP from a second socket: no rtcp-mux on ingest.
  const transport = await router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: IP }, rtcpMux: false, comedia: true, ...(srtp ? { enableSrtp: true, srtpCryptoSuite: SUITE } : {}) });
  const key = srtp ? crypto.randomBytes(30).toString('base64') : null;
  if (key) await transport.connect({ srtpParameters: { cryptoSuite: SUITE, keyBase64: key } });
  return { transport, key, url: (proto) => `${proto}://${IP}:${transport.tuple.localPort}?rtcpport=${transport.rtcpTuple!.localPort}&pkt_size=1200` };
}

export async function startFfmpegSource(opts: FfmpegSourceOptions): Promise<FfmpegSource> {
  const seconds = opts.seconds ?? 0;
  const srtp = !!opts.srtp;
  const transports: types.PlainTransport[] = [];
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re'];
  const outputs: string[] = [];
  let video: types.Producer | null = null;
  let audio: types.Producer | null = null;
  try {
    if (opts.video) {
      const v = opts.video;
      args.push('-f', 'lavfi', '-i', `testsrc2=size=${v.width}x${v.height}:rate=${v.fps}${seconds > 0 ? `:duration=${seconds}` : ''}`);
      const t = await ingest(opts.router, srtp);
      transports.push(t.transport);
      const ssrc = 10_000_000 + Math.floor(Math.random() * 1_000_000_000);
      video = await t.transport.produce({
        kind: 'video',
        rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }] }], encodings: [{ ssrc }] },
        appData: { ...opts.appData, source: 'cam' },
      });
      outputs.push(
        '-map', '0:v', '-c:v', 'libvpx', '-b:v', `${v.kbps}k`, '-maxrate', `${v.kbps}k`, '-bufsize', `${v.kbps * 2}k`, '-deadline', 'realtime', '-cpu-used', '8', '-g', String(v.fps * 2), '-threads', '1',
        '-payload_type', '101', '-ssrc', String(ssrc),
        ...(t.key ? ['-srtp_out_suite', SUITE, '-srtp_out_params', t.key] : []),
        '-f', 'rtp', t.url(srtp ? 'srtp' : 'rtp'),
      );
    }
    if (opts.audio) {
      const inputIndex = opts.video ? 1 : 0;
      args.push('-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000${seconds > 0 ? `:duration=${seconds}` : ''}`);
      const t = await ingest(opts.router, srtp);
      transports.push(t.transport);
      const ssrc = 10_000_000 + Math.floor(Math.random() * 1_000_000_000);
      audio = await t.transport.produce({
        kind: 'audio',
        rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2, parameters: { 'sprop-stereo': 1 } }], encodings: [{ ssrc }] },
        appData: { ...opts.appData, source: 'mic' },
      });
      outputs.push(
        '-map', `${inputIndex}:a`, '-c:a', 'libopus', '-b:a', '48k', '-ac', '2', '-ar', '48000',
        '-payload_type', '100', '-ssrc', String(ssrc),
        ...(t.key ? ['-srtp_out_suite', SUITE, '-srtp_out_params', t.key] : []),
        '-f', 'rtp', t.url(srtp ? 'srtp' : 'rtp'),
      );
    }
  } catch (e) {
    for (const t of transports) t.close();
    throw e;
  }
  const proc = spawn(opts.ffmpeg ?? 'ffmpeg', [...args, ...outputs], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  proc.stderr!.on('data', (d) => (log = (log + d).slice(-10000)));
  const done = new Promise<number | null>((resolve) => proc.once('close', (code) => resolve(code)));
  return {
    video,
    audio,
    process: proc,
    stderr: () => log,
    done,
    close() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      for (const t of transports) t.close();
    },
  };
}
