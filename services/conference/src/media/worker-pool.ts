/**
 * The media plane of one process: N mediasoup workers (one per core by default), each with one
 * WebRtcServer — so all WebRTC traffic of a worker uses one UDP and one TCP port, which is what a
 * firewall or NAT rule can name — and the routers the meetings create on them.
 */
import { EventEmitter } from 'node:events';
import os from 'node:os';
import type { types } from 'mediasoup';
import type { Logger } from '@yizhan/core';
import type { MediasoupApi } from './mediasoup';

export interface WorkerPoolOptions {
  /** 0 = one per core. */
  workers: number;
  listenIp: string;
  announcedIp?: string;
  /** WebRtcServer port of worker 0 (worker i: base + i); 0 = any free port. */
  rtcPort: number;
  logLevel?: types.WorkerLogLevel;
}

export interface MediaWorker {
  index: number;
  worker: types.Worker;
  webRtcServer: types.WebRtcServer;
  routers: Set<types.Router>;
  /** Consumers on this worker's routers: the load measure used to place routers. */
  consumers: number;
}

export interface MediaCounts {
  workers: number;
  routers: number;
  transports: number;
  producers: number;
  consumers: number;
  webRtcTransports: number;
}

export class WorkerPool extends EventEmitter {
  readonly #slots: MediaWorker[] = [];
  #closed = false;

  private constructor(
    private readonly mediasoup: MediasoupApi,
    readonly options: WorkerPoolOptions,
    private readonly log: Logger,
  ) {
    super();
  }

  static async create(mediasoup: MediasoupApi, options: WorkerPoolOptions, log: Logger): Promise<WorkerPool> {
    const pool = new WorkerPool(mediasoup, options, log);
    const n = options.workers > 0 ? options.workers : Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
    try {
      for (let i = 0; i < n; i++) pool.#slots.push(await pool.#spawn(i));
    } catch (e) {
      pool.close();
      throw e;
    }
    return pool;
  }

  get size(): number {
    return this.#slots.length;
  }

  get slots(): readonly MediaWorker[] {
    return this.#slots;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get listenIp(): string {
    return this.options.listenIp;
  }

  /** The listen info for Plain/Pipe transports (recording, cascading), announced like the WebRtcServer. */
  get listenInfo(): types.TransportListenInfo {
    return { protocol: 'udp', ip: this.options.listenIp, ...(this.options.announcedIp ? { announcedIp: this.options.announcedIp } : {}) };
  }

  async #spawn(index: number): Promise<MediaWorker> {
    const worker = await this.mediasoup.createWorker({ logLevel: this.options.logLevel ?? 'warn' });
    const port = this.options.rtcPort > 0 ? this.options.rtcPort + index : undefined;
    const base = { ip: this.options.listenIp, ...(this.options.announcedIp ? { announcedIp: this.options.announcedIp } : {}), ...(port ? { port } : {}) };
    let webRtcServer: types.WebRtcServer;
    try {
      webRtcServer = await worker.createWebRtcServer({
        listenInfos: [
          { protocol: 'udp', ...base },
          { protocol: 'tcp', ...base },
        ],
      });
    } catch (e) {
      worker.close();
      throw e;
    }
    const slot: MediaWorker = { index, worker, webRtcServer, routers: new Set(), consumers: 0 };
    worker.observer.on('newrouter', (router: types.Router) => {
      slot.routers.add(router);
      router.observer.on('close', () => slot.routers.delete(router));
      router.observer.on('newtransport', (transport: types.Transport) => {
        transport.observer.on('newconsumer', (consumer: types.Consumer) => {
          slot.consumers++;
          consumer.observer.on('close', () => slot.consumers--);
        });
      });
    });
    worker.on('died', (error) => {
      this.log.error({ err: error, pid: worker.pid, index }, 'mediasoup worker died; replacing it');
      this.emit('workerdied', slot);
      if (this.#closed) return;
      setTimeout(() => {
        if (this.#closed) return;
        this.#spawn(index)
          .then((fresh) => {
            if (this.#closed) return fresh.worker.close();
            this.#slots[this.#slots.indexOf(slot)] = fresh;
          })
          .catch((err: unknown) => this.log.error({ err, index }, 'could not replace the mediasoup worker'));
      }, 1000).unref();
    });
    this.log.debug({ pid: worker.pid, index }, 'mediasoup worker started');
    return slot;
  }

  /** The worker with the least load, optionally not one of `avoid` (to spread a meeting over cores). */
  leastLoaded(avoid: ReadonlySet<MediaWorker> = new Set()): MediaWorker {
    const alive = this.#slots.filter((s) => !s.worker.closed);
    if (alive.length === 0) throw new Error('no mediasoup worker alive');
    const candidates = alive.filter((s) => !avoid.has(s));
    const list = candidates.length ? candidates : alive;
    return list.reduce((best, s) => (s.consumers + s.routers.size * 10 < best.consumers + best.routers.size * 10 ? s : best));
  }

  slotOf(router: types.Router): MediaWorker | undefined {
    return this.#slots.find((s) => s.routers.has(router));
  }

  /** What the worker processes really hold (from their dumps, not from our bookkeeping). */
  async counts(): Promise<MediaCounts> {
    const c: MediaCounts = { workers: 0, routers: 0, transports: 0, producers: 0, consumers: 0, webRtcTransports: 0 };
    for (const slot of this.#slots) {
      if (slot.worker.closed) continue;
      c.workers++;
      const dump = await slot.worker.dump();
      c.routers += dump.routerIds.length;
      for (const router of slot.routers) {
        if (router.closed) continue;
        const r = await router.dump();
        c.transports += r.transportIds.length;
        c.producers += r.mapProducerIdConsumerIds.length;
        c.consumers += r.mapConsumerIdProducerId.length;
      }
      const server = await slot.webRtcServer.dump();
      c.webRtcTransports += server.webRtcTransportIds.length;
    }
    return c;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const slot of this.#slots) slot.worker.close();
    this.emit('close');
  }
}
