// Recording with a real worker: ffmpeg-fed venues (VP8 + Opus over PlainTransports) are recorded
// through PlainTransports into ffmpeg; one venue is muted half-way (no stall), the WebM decodes with
// ffprobe for the expected duration.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { types } from 'mediasoup';
import { createLogger } from '@yizhan/core';
import { loadMediasoup } from './mediasoup';
import { MEDIA_CODECS } from './codecs';
import { WorkerPool } from './worker-pool';
import { startFfmpegSource, type FfmpegSource } from './ffmpeg-source';
import { Recorder } from './recorder';

const log = createLogger('warn');
let pool: WorkerPool;
let router: types.Router;
const sources: FfmpegSource[] = [];
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-rec-'));

beforeAll(async () => {
  pool = await WorkerPool.create(await loadMediasoup(), { workers: 1, listenIp: '127.0.0.1', rtcPort: 0 }, log);
  router = await pool.slots[0].worker.createRouter({ mediaCodecs: MEDIA_CODECS });
});
afterAll(() => {
  for (const s of sources) s.close();
  pool?.close();
  fs.rmSync(workDir, { recursive: true, force: true });
});

const waitFor = async (cond: () => Promise<boolean> | boolean, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('Recorder', () => {
  it('records the chosen video and mixes all audio into a seekable WebM', async () => {
    const a = await startFfmpegSource({ router, video: { width: 640, height: 360, fps: 15, kbps: 500 }, audio: true });
    const b = await startFfmpegSource({ router, audio: true });
    const silent = await startFfmpegSource({ router, audio: true });
    sources.push(a, b, silent);
    await silent.audio!.pause(); // a venue muted all along: its track stays empty
    await waitFor(async () => (await a.video!.getStats()).length > 0 && (await b.audio!.getStats()).length > 0);
    const recorder = await Recorder.create({ router, video: a.video, audio: [a.audio!, b.audio!, silent.audio!], workDir, log });
    await new Promise((r) => setTimeout(r, 2000));
    await b.audio!.pause(); // a venue muted by the chair: its track goes silent, the recording goes on
    await new Promise((r) => setTimeout(r, 2500));
    const result = await recorder.stop();
    expect(result.mimeType).toBe('video/webm');
    // ~4.5 s recorded (first key frame may come a little late)
    expect(result.durationMs).toBeGreaterThan(3000);
    expect(result.durationMs).toBeLessThan(7000);
    const probe = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,codec_type', '-of', 'csv=p=0', result.file], { encoding: 'utf8' });
    expect(probe.stdout).toContain('vp8,video');
    expect(probe.stdout).toContain('opus,audio');
    // decodes without errors end to end
    const decode = spawnSync('ffmpeg', ['-v', 'error', '-i', result.file, '-f', 'null', '-'], { encoding: 'utf8' });
    expect(decode.status).toBe(0);
    const counts = await pool.counts();
    expect(counts.transports).toBe(4); // only the sources' ingest transports are left
  }, 60_000);
});
