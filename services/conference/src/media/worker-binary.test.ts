// Proves the mediasoup worker binary found by resolveWorkerBinary() really works: it starts a real
// worker and creates a Router, a WebRtcServer, a WebRtcTransport on it and a PlainTransport.
// No skips: if the binary is missing (run `npm run setup`) or broken, this fails.

import dgram from 'node:dgram';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import type * as Mediasoup from 'mediasoup';
import { afterAll, describe, expect, it } from 'vitest';
import { cachedWorkerBinaryPath, resolveWorkerBinary } from './worker-binary.ts';

const IP = '127.0.0.1';

/** A port free for both TCP and UDP on 127.0.0.1 (a WebRtcServer listens on both). */
async function freeUdpTcpPort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const tcp = net.createServer();
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(0, IP, () => resolve());
    });
    const port = (tcp.address() as net.AddressInfo).port;
    const udp = dgram.createSocket('udp4');
    const udpFree = await new Promise<boolean>((resolve) => {
      udp.once('error', () => resolve(false));
      udp.bind(port, IP, () => resolve(true));
    });
    await new Promise<void>((resolve) => (udpFree ? udp.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => tcp.close(() => resolve()));
    if (udpFree) return port;
  }
  throw new Error('no port free for both UDP and TCP on 127.0.0.1');
}

describe('resolveWorkerBinary', () => {
  it('honours MEDIASOUP_WORKER_BIN and rejects a bad one', () => {
    const bin = resolveWorkerBinary();
    expect(path.isAbsolute(bin)).toBe(true);
    expect(resolveWorkerBinary({ ...process.env, MEDIASOUP_WORKER_BIN: bin })).toBe(bin);
    expect(() => resolveWorkerBinary({ MEDIASOUP_WORKER_BIN: '/nonexistent/mediasoup-worker' })).toThrow(
      /mediasoup worker binary not found; run `npm run setup`/,
    );
  });

  it('computes the cache path from XDG_CACHE_HOME or HOME', () => {
    expect(cachedWorkerBinaryPath({ XDG_CACHE_HOME: '/x/cache' })).toBe(
      '/x/cache/yizhan/mediasoup-worker-3.13.16-srtp-openssl/mediasoup-worker',
    );
    expect(cachedWorkerBinaryPath({ HOME: '/home/u' })).toBe(
      '/home/u/.cache/yizhan/mediasoup-worker-3.13.16-srtp-openssl/mediasoup-worker',
    );
  });
});

describe('mediasoup worker (real binary)', () => {
  const savedBin = process.env.MEDIASOUP_WORKER_BIN;
  let worker: Mediasoup.types.Worker | undefined;

  afterAll(() => {
    worker?.close();
    if (savedBin === undefined) delete process.env.MEDIASOUP_WORKER_BIN;
    else process.env.MEDIASOUP_WORKER_BIN = savedBin;
  });

  it('runs a worker with a Router, WebRtcServer, WebRtcTransport and PlainTransport', async () => {
    const bin = resolveWorkerBinary();
    // mediasoup reads MEDIASOUP_WORKER_BIN once, when first loaded: set it, then import dynamically.
    process.env.MEDIASOUP_WORKER_BIN = bin;
    const mediasoup = (await import('mediasoup')) as typeof Mediasoup;
    const workerModule = createRequire(import.meta.url)('mediasoup/node/lib/Worker.js') as { workerBin: string };
    expect(workerModule.workerBin).toBe(bin);
    expect(mediasoup.version).toBe('3.13.16');

    worker = await mediasoup.createWorker({ logLevel: 'warn' });
    const died: unknown[] = [];
    worker.on('died', (e) => died.push(e));
    expect(worker.pid).toBeGreaterThan(0);

    const usage = await worker.getResourceUsage();
    expect(usage.ru_maxrss).toBeGreaterThan(0);

    const router = await worker.createRouter({
      mediaCodecs: [
        { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
        { kind: 'video', mimeType: 'video/VP8', clockRate: 90000, parameters: {} },
      ],
    });
    const mimeTypes = router.rtpCapabilities.codecs!.map((c) => c.mimeType);
    expect(mimeTypes).toContain('audio/opus');
    expect(mimeTypes).toContain('video/VP8');

    const port = await freeUdpTcpPort();
    const webRtcServer = await worker.createWebRtcServer({
      listenInfos: [
        { protocol: 'udp', ip: IP, port },
        { protocol: 'tcp', ip: IP, port },
      ],
    });
    const serverDump = await webRtcServer.dump();
    expect(serverDump.udpSockets.map((s) => s.port)).toEqual([port]);
    expect(serverDump.tcpServers.map((s) => s.port)).toEqual([port]);

    const webRtcTransport = await router.createWebRtcTransport({ webRtcServer, enableUdp: true, enableTcp: true });
    const candidates = webRtcTransport.iceCandidates.map((c) => `${c.protocol} ${c.ip}:${c.port}`);
    expect(candidates).toEqual(expect.arrayContaining([`udp ${IP}:${port}`, `tcp ${IP}:${port}`]));
    expect(webRtcTransport.dtlsParameters.fingerprints.length).toBeGreaterThan(0);
    expect(webRtcTransport.iceParameters.usernameFragment).toBeTruthy();

    const plainTransport = await router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: IP }, rtcpMux: true });
    expect(plainTransport.tuple.localIp).toBe(IP);
    expect(plainTransport.tuple.localPort).toBeGreaterThan(0);

    expect((await worker.dump()).routerIds).toEqual([router.id]);
    expect((await worker.getResourceUsage()).ru_maxrss).toBeGreaterThan(0);

    const workerClosed = new Promise<void>((resolve) => worker!.observer.once('close', () => resolve()));
    worker.close();
    await workerClosed;
    expect(worker.closed).toBe(true);
    expect(router.closed).toBe(true);
    expect(webRtcServer.closed).toBe(true);
    expect(webRtcTransport.closed).toBe(true);
    expect(plainTransport.closed).toBe(true);

    // Closing again is a no-op.
    expect(() => {
      worker!.close();
      router.close();
      webRtcTransport.close();
      plainTransport.close();
      webRtcServer.close();
    }).not.toThrow();
    expect(died).toEqual([]);
  });
});
