// Fan-out across cores with a real worker pool: a venue's media (ffmpeg VP8 + Opus) on one worker's
// router is piped (pipeToRouter) into a router on the other worker and consumed there; RTP flows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { types } from 'mediasoup';
import { createLogger } from '@yizhan/core';
import { loadMediasoup } from './mediasoup';
import { MEDIA_CODECS } from './codecs';
import { WorkerPool } from './worker-pool';
import { startFfmpegSource, type FfmpegSource } from './ffmpeg-source';

let pool: WorkerPool;
let source: FfmpegSource | undefined;

beforeAll(async () => {
  pool = await WorkerPool.create(await loadMediasoup(), { workers: 2, listenIp: '127.0.0.1', rtcPort: 0 }, createLogger('warn'));
});
afterAll(() => {
  source?.close();
  pool?.close();
});

async function packetsOut(consumer: types.Consumer): Promise<number> {
  return (await consumer.getStats()).filter((s) => s.type === 'outbound-rtp').reduce((n, s) => n + s.packetCount, 0);
}

describe('WorkerPool + pipeToRouter', () => {
  it('spreads routers over the workers and forwards RTP from one worker to another', async () => {
    const first = pool.leastLoaded();
    const origin = await first.worker.createRouter({ mediaCodecs: MEDIA_CODECS });
    const second = pool.leastLoaded(new Set([first]));
    expect(second).not.toBe(first);
    const edge = await second.worker.createRouter({ mediaCodecs: MEDIA_CODECS });
    expect(pool.slotOf(origin)).toBe(first);
    expect(pool.slotOf(edge)).toBe(second);

    source = await startFfmpegSource({ router: origin, video: { width: 320, height: 180, fps: 15, kbps: 300 }, audio: true });
    for (const producer of [source.video!, source.audio!]) await origin.pipeToRouter({ producerId: producer.id, router: edge });

    const out = await edge.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: true, comedia: false });
    await out.connect({ ip: '127.0.0.1', port: 9 }); // discard: we only count what mediasoup sends
    const video = await out.consume({ producerId: source.video!.id, rtpCapabilities: edge.rtpCapabilities });
    const audio = await out.consume({ producerId: source.audio!.id, rtpCapabilities: edge.rtpCapabilities });
    const deadline = Date.now() + 20_000;
    while ((await packetsOut(video)) < 20 || (await packetsOut(audio)) < 20) {
      if (Date.now() > deadline) throw new Error(`no RTP through the pipe: ${source.stderr()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    let counts = await pool.counts();
    expect(counts.routers).toBe(2);
    expect(counts.workers).toBe(2);

    // closing the source closes the piped producers and their consumers on the other worker
    source.close();
    await new Promise((r) => setTimeout(r, 300));
    expect(video.closed).toBe(true);
    expect(audio.closed).toBe(true);
    origin.close();
    edge.close();
    counts = await pool.counts();
    expect(counts).toMatchObject({ routers: 0, transports: 0, producers: 0, consumers: 0 });
  });
});
