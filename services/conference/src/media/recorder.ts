/**
 * Server-side recording without a browser: the chosen video and every audio producer are consumed
 * on PlainTransports (RTP, rtcp-mux) into one ffmpeg that copies them, unmixed, into a Matroska
 * file — copying never stalls when a venue goes quiet, is muted or leaves. On stop, a second ffmpeg
 * run mixes the audio tracks (gaps filled with silence from their timestamps) and writes WebM
 * (VP8 copied + Opus) whose cues make HTTP range seeking work.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import path from 'node:path';
import type { types } from 'mediasoup';
import type { Logger } from '@yizhan/core';

/** Key frames asked for, one a second, after the capture starts. */
const KEYFRAME_REQUESTS = 10;

export interface RecorderOptions {
  router: types.Router;
  video: types.Producer | null;
  audio: types.Producer[];
  /** A fresh directory for this recording's files. */
  workDir: string;
  log: Logger;
  ffmpeg?: string;
  ffprobe?: string;
}

export interface RecorderResult {
  file: string;
  durationMs: number;
  mimeType: 'video/webm' | 'audio/webm';
}

interface Leg {
  transport: types.PlainTransport;
  consumer: types.Consumer;
  port: number;
}

const IP = '127.0.0.1';

function udpPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    s.once('error', () => resolve(false));
    s.bind(port, IP, () => s.close(() => resolve(true)));
  });
}

/** An even port whose odd neighbour is free too (ffmpeg may open RTP+1 for RTCP). */
async function freeRtpPort(taken: Set<number>): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const port = 20000 + 2 * Math.floor(Math.random() * 10000);
    if (taken.has(port)) continue;
    if ((await udpPortFree(port)) && (await udpPortFree(port + 1))) {
      taken.add(port);
      return port;
    }
  }
  throw new Error('no free UDP port pair for the recorder');
}

function run(cmd: string, args: string[], timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout!.on('data', (d) => (stdout += d));
    p.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-20000)));
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    p.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Packets per stream of a file, in stream order (a muted venue's track may have none). */
async function packetCounts(file: string, ffprobe: string): Promise<Array<{ type: string; packets: number }>> {
  const r = await run(ffprobe, ['-v', 'error', '-count_packets', '-show_entries', 'stream=codec_type,nb_read_packets', '-of', 'csv=p=0', file], 120_000);
  return r.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [type, n] = line.split(',');
      return { type, packets: Number(n) || 0 };
    });
}

export async function probeDurationMs(file: string, ffprobe = 'ffprobe'): Promise<number> {
  const r = await new Promise<string>((resolve, reject) => {
    const p = spawn(ffprobe, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'default=nw=1:nk=1', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout!.on('data', (d) => (out += d));
    p.once('error', reject);
    p.once('close', () => resolve(out.trim()));
  });
  const seconds = Number(r);
  return Number.isFinite(seconds) ? Math.round(seconds * 1000) : 0;
}

export class Recorder {
  readonly startedAt = new Date();
  readonly #legs: Leg[];
  readonly #ffmpeg: ChildProcess;
  readonly #exited: Promise<number | null>;
  readonly #opts: RecorderOptions;
  readonly #raw: string;
  #stderr = '';
  #stopping: Promise<RecorderResult> | null = null;
  #keyframeTimer: NodeJS.Timeout | null = null;

  private constructor(opts: RecorderOptions, legs: Leg[], ffmpeg: ChildProcess, raw: string) {
    this.#opts = opts;
    this.#legs = legs;
    this.#ffmpeg = ffmpeg;
    this.#raw = raw;
    ffmpeg.stderr!.on('data', (d) => (this.#stderr = (this.#stderr + d).slice(-20000)));
    this.#exited = new Promise((resolve) => ffmpeg.once('close', (code) => resolve(code)));
  }

  static async create(opts: RecorderOptions): Promise<Recorder> {
    const producers = [...(opts.video ? [opts.video] : []), ...opts.audio];
    if (producers.length === 0) throw new Error('nothing to record');
    fs.mkdirSync(opts.workDir, { recursive: true });
    const legs: Leg[] = [];
    const taken = new Set<number>();
    try {
      for (const producer of producers) {
        const port = await freeRtpPort(taken);
        const transport = await opts.router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: IP }, rtcpMux: true, comedia: false, appData: { recorder: true } });
        legs.push({ transport, consumer: undefined as unknown as types.Consumer, port });
        await transport.connect({ ip: IP, port });
        const consumer = await transport.consume({ producerId: producer.id, rtpCapabilities: opts.router.rtpCapabilities, paused: true, appData: { recorder: true } });
        legs[legs.length - 1].consumer = consumer;
      }
    } catch (e) {
      for (const l of legs) l.transport.close();
      throw e;
    }

    const sdp = ['v=0', `o=- 0 0 IN IP4 ${IP}`, 's=yizhan-recorder', `c=IN IP4 ${IP}`, 't=0 0'];
    for (const { consumer, port } of legs) {
      const codec = consumer.rtpParameters.codecs[0];
      const name = codec.mimeType.split('/')[1];
      const pt = codec.payloadType;
      if (consumer.kind === 'audio') sdp.push(`m=audio ${port} RTP/AVP ${pt}`, `a=rtpmap:${pt} ${name}/${codec.clockRate}/${codec.channels ?? 2}`);
      else sdp.push(`m=video ${port} RTP/AVP ${pt}`, `a=rtpmap:${pt} ${name}/${codec.clockRate}`);
      sdp.push('a=rtcp-mux', 'a=recvonly');
    }
    const sdpFile = path.join(opts.workDir, 'input.sdp');
    fs.writeFileSync(sdpFile, sdp.join('\n') + '\n');
    const raw = path.join(opts.workDir, 'raw.mkv');
    const ffmpeg = spawn(
      opts.ffmpeg ?? 'ffmpeg',
      ['-hide_banner', '-loglevel', 'warning', '-protocol_whitelist', 'file,udp,rtp', '-analyzeduration', '3000000', '-probesize', '5000000', '-reorder_queue_size', '200', '-i', sdpFile, '-map', '0', '-c', 'copy', '-f', 'matroska', '-y', raw],
      { stdio: ['pipe', 'ignore', 'pipe'] },
    );
    const recorder = new Recorder(opts, legs, ffmpeg, raw);
    ffmpeg.once('error', (err) => opts.log.error({ err }, 'recorder ffmpeg failed to start'));
    // ffmpeg binds its ports while it reads the SDP; then the consumers start (a resumed video consumer asks for a key frame).
    await new Promise((r) => setTimeout(r, 700));
    for (const l of legs) await l.consumer.resume().catch(() => {});
    // ffmpeg needs one key frame to learn the picture size; on a loaded host it can drop the first
    // ones (seen in CI: "Keyframe missing … unspecified size", nothing recorded), so ask once a
    // second for the first KEYFRAME_REQUESTS seconds rather than only the first four.
    let n = 0;
    recorder.#keyframeTimer = setInterval(() => {
      for (const l of legs) if (l.consumer.kind === 'video' && !l.consumer.closed) void l.consumer.requestKeyFrame().catch(() => {});
      if (++n >= KEYFRAME_REQUESTS && recorder.#keyframeTimer) clearInterval(recorder.#keyframeTimer);
    }, 1000);
    recorder.#keyframeTimer.unref();
    return recorder;
  }

  get hasVideo(): boolean {
    return this.#legs.some((l) => l.consumer.kind === 'video');
  }

  /** Ends the capture and writes the final WebM (idempotent). */
  stop(): Promise<RecorderResult> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<RecorderResult> {
    if (this.#keyframeTimer) clearInterval(this.#keyframeTimer);
    const { log } = this.#opts;
    if (this.#ffmpeg.exitCode === null) {
      this.#ffmpeg.stdin!.end('q');
      const timer = setTimeout(() => this.#ffmpeg.kill('SIGINT'), 5000);
      const hard = setTimeout(() => this.#ffmpeg.kill('SIGKILL'), 15000);
      await this.#exited;
      clearTimeout(timer);
      clearTimeout(hard);
    }
    for (const l of this.#legs) l.transport.close();
    if (!fs.existsSync(this.#raw) || fs.statSync(this.#raw).size === 0) throw new Error(`recorder captured nothing: ${this.#stderr.slice(-2000)}`);

    // Tracks that never got a packet (a venue muted all along) would stall ffmpeg's filter graph: leave them out.
    const streams = await packetCounts(this.#raw, this.#opts.ffprobe ?? 'ffprobe');
    const audio: number[] = [];
    let hasVideo = false;
    let audioIndex = 0;
    for (const s of streams) {
      if (s.type === 'audio') {
        if (s.packets > 0) audio.push(audioIndex);
        audioIndex++;
      } else if (s.type === 'video' && s.packets > 0) hasVideo = true;
    }
    if (!hasVideo && audio.length === 0) throw new Error('recorder captured no media');
    const capturedMs = Date.now() - this.startedAt.getTime();

    const out = path.join(this.#opts.workDir, 'recording.webm');
    const args = ['-hide_banner', '-loglevel', 'error', '-i', this.#raw];
    if (audio.length > 0) {
      const last = audio.length > 1 ? (i: number) => `[a${i}]` : () => '[aout]';
      const inputs = audio.map((track, i) => `[0:a:${track}]aresample=async=1:first_pts=0${last(i)}`);
      const mix = audio.length > 1 ? `;${audio.map((_, i) => `[a${i}]`).join('')}amix=inputs=${audio.length}:duration=longest:dropout_transition=0:normalize=0[aout]` : '';
      args.push('-filter_complex', inputs.join(';') + mix, '-map', '[aout]', '-c:a', 'libopus', '-b:a', '64k');
    }
    if (hasVideo) args.push('-map', '0:v:0', '-c:v', 'copy');
    args.push('-f', 'webm', '-y', out);
    // Audio-only transcoding runs far faster than real time; the timeout only catches a stuck ffmpeg.
    const r = await run(this.#opts.ffmpeg ?? 'ffmpeg', args, 120_000 + capturedMs);
    if (r.code !== 0 || !fs.existsSync(out)) throw new Error(`recording mix failed (${r.code}): ${r.stderr.slice(-2000)}`);
    const durationMs = await probeDurationMs(out, this.#opts.ffprobe);
    log.debug({ out, durationMs }, 'recording written');
    return { file: out, durationMs, mimeType: hasVideo ? 'video/webm' : 'audio/webm' };
  }

  /** Drops everything (a failed start, a process shutting down). */
  abort(): void {
    if (this.#keyframeTimer) clearInterval(this.#keyframeTimer);
    for (const l of this.#legs) l.transport.close();
    if (this.#ffmpeg.exitCode === null) this.#ffmpeg.kill('SIGKILL');
    this.#stopping ??= Promise.reject(new Error('recording aborted'));
    this.#stopping.catch(() => {});
  }
}
