// Where the mediasoup worker binary is, at run time.
//
// The binary is produced by `npm run setup` (infra/mediasoup/build-worker.mjs): either the prebuilt
// one a normal mediasoup install fetched, or our own build against the system libraries, cached in
// ${XDG_CACHE_HOME:-~/.cache}/yizhan/mediasoup-worker-3.13.16-srtp-openssl/mediasoup-worker. This module only
// looks for it; it never builds. Keep the order and cache path in sync with build-worker.mjs.
//
// IMPORTANT — how mediasoup picks its binary: mediasoup 3.13.16's node/lib/Worker.js computes
//   exports.workerBin = process.env.MEDIASOUP_WORKER_BIN ?? <package>/worker/out/Release/mediasoup-worker
// ONCE, when the module is first loaded, and createWorker() has no option to override it. So the
// variable must be set before mediasoup is loaded for the first time in the process, which means a
// dynamic import (static `import ... from 'mediasoup'` is hoisted above any statement):
//
//   // server entry point (the one place allowed to touch process.env besides config loading)
//   import { resolveWorkerBinary } from '@yizhan/conference/media/worker-binary';
//   process.env.MEDIASOUP_WORKER_BIN = resolveWorkerBinary();
//   const mediasoup = await import('mediasoup');
//
// Modules that need mediasoup's types can `import type ... from 'mediasoup'` freely (erased at
// compile time); value imports of 'mediasoup' must only happen after the entry point has done the
// above. If mediasoup was already loaded without the variable, setting it later has no effect.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

export const MEDIASOUP_WORKER_VERSION = '3.13.16';
/** The cache directory's name part (WORKER_BUILD in build-worker.mjs): it changes when the build recipe does. */
export const MEDIASOUP_WORKER_BUILD = `${MEDIASOUP_WORKER_VERSION}-srtp-openssl`;

const NOT_FOUND = 'mediasoup worker binary not found; run `npm run setup`';

function isExecutableFile(p: string): boolean {
  try {
    if (!fs.statSync(p).isFile()) return false;
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The binary a normal `npm install mediasoup` leaves in the package (absent when its download failed). */
function installedPackageBinary(): string | null {
  try {
    const pkgJson = createRequire(import.meta.url).resolve('mediasoup/package.json');
    return path.join(path.dirname(pkgJson), 'worker', 'out', 'Release', 'mediasoup-worker');
  } catch {
    return null; // mediasoup not installed
  }
}

/** Where infra/mediasoup/build-worker.mjs caches its build. */
export function cachedWorkerBinaryPath(env: Record<string, string | undefined> = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(env.HOME || os.homedir(), '.cache');
  return path.join(base, 'yizhan', `mediasoup-worker-${MEDIASOUP_WORKER_BUILD}`, 'mediasoup-worker');
}

/**
 * Absolute path of the mediasoup-worker binary to use: `env.MEDIASOUP_WORKER_BIN` if set (it must
 * then name an executable file: an explicit setting is never silently overridden), else the installed
 * package's prebuilt binary, else the cached build. Throws if none exists.
 * A pure function of `env` and the file system; pass the config's environment, not a global.
 */
export function resolveWorkerBinary(env: Record<string, string | undefined> = process.env): string {
  const explicit = env.MEDIASOUP_WORKER_BIN;
  if (explicit) {
    const abs = path.resolve(explicit);
    if (isExecutableFile(abs)) return abs;
    throw new Error(`${NOT_FOUND} (MEDIASOUP_WORKER_BIN=${explicit} is not an executable file)`);
  }
  const candidates = [installedPackageBinary(), cachedWorkerBinaryPath(env)].filter(
    (p): p is string => p !== null,
  );
  for (const p of candidates) if (isExecutableFile(p)) return p;
  throw new Error(`${NOT_FOUND} (looked in: ${candidates.join(', ')})`);
}
