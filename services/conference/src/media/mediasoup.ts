/**
 * Loads mediasoup with the right worker binary. mediasoup reads MEDIASOUP_WORKER_BIN once, when it
 * is first imported (see worker-binary.ts), so the variable is set here — from the loaded config,
 * not from a guess — right before the first dynamic import. Every value use of mediasoup goes
 * through this function; other modules import its types only.
 */
import type * as Mediasoup from 'mediasoup';
import { resolveWorkerBinary } from './worker-binary';

export type MediasoupApi = typeof Mediasoup;

let loaded: Promise<MediasoupApi> | null = null;

export function loadMediasoup(configuredBin?: string): Promise<MediasoupApi> {
  loaded ??= (async () => {
    const bin = resolveWorkerBinary({ ...process.env, MEDIASOUP_WORKER_BIN: configuredBin ?? process.env.MEDIASOUP_WORKER_BIN });
    process.env.MEDIASOUP_WORKER_BIN = bin;
    return (await import('mediasoup')) as MediasoupApi;
  })();
  loaded.catch(() => {
    loaded = null;
  });
  return loaded;
}
