#!/usr/bin/env node
// Everything `npm install` does not do, run first by `npm start` and `npm test` (idempotent, fast
// when done): Debian packages the suite needs (installed with apt when run as root, otherwise the
// exact apt line is printed and we stop), the mediasoup worker (built against Debian's libraries
// and cached — it cannot be downloaded here), and the web client build when its sources changed.
//
//   node infra/setup.mjs             what `npm start` needs
//   node infra/setup.mjs --for-test  also what the test suite needs (browser, PostgreSQL, pdf tools…)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureMediasoupWorker } from './mediasoup/build-worker.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const forTest = process.argv.includes('--for-test');
const log = (s) => console.error(`[setup] ${s}`);

// Package → why. Runtime packages first; test-only ones below.
const RUNTIME_PACKAGES = {
  'fonts-arphic-uming': 'Song-style CJK font for official documents',
  'fonts-arphic-ukai': 'Kai CJK font',
  'fonts-arphic-gbsn00lp': 'SungtiL GB font (document titles)',
  'fonts-arphic-gkai00mp': 'KaitiM GB font',
  'fonts-wqy-microhei': 'Hei CJK font',
  ffmpeg: 'conference recording',
  openssl: 'certificate tooling',
  'build-essential': 'mediasoup worker build',
  'pkg-config': 'mediasoup worker build',
  patch: 'mediasoup worker build',
  'libuv1-dev': 'mediasoup worker build',
  'libssl-dev': 'mediasoup worker build',
  'libsrtp2-dev': 'mediasoup worker build',
  'libusrsctp-dev': 'mediasoup worker build',
  'libabsl-dev': 'mediasoup worker build',
  'libflatbuffers-dev': 'mediasoup worker build',
  'flatbuffers-compiler': 'mediasoup worker build',
  'python3-venv': 'mediasoup worker build (meson)',
};
const TEST_PACKAGES = {
  chromium: 'browser end-to-end tests',
  postgresql: 'tests against a real PostgreSQL server',
  'poppler-utils': 'pdfsig / pdftoppm checks',
  qpdf: 'qpdf --check',
  'libnss3-tools': 'certutil (NSS trust store for pdfsig)',
  swaks: 'SMTP interoperability tests',
  // swaks only recommends it, and --no-install-recommends leaves it out: without it no STARTTLS.
  'libnet-ssleay-perl': 'SMTP interoperability tests (swaks STARTTLS)',
  'redis-server': 'socket.io across servers (Redis adapter) tests',
};

function missingPackages(names) {
  const r = spawnSync('dpkg-query', ['-W', '-f', '${Package} ${db:Status-Status}\n', ...names], { encoding: 'utf8' });
  const installed = new Set(
    (r.stdout ?? '')
      .split('\n')
      .filter((l) => l.endsWith(' installed'))
      .map((l) => l.split(' ')[0]),
  );
  return names.filter((n) => !installed.has(n));
}

function ensurePackages() {
  if (!fs.existsSync('/usr/bin/dpkg-query')) {
    log('not a Debian/Ubuntu system: install the equivalents of these packages yourself:');
    log(`  ${[...Object.keys(RUNTIME_PACKAGES), ...(forTest ? Object.keys(TEST_PACKAGES) : [])].join(' ')}`);
    return;
  }
  const wanted = { ...RUNTIME_PACKAGES, ...(forTest ? TEST_PACKAGES : {}) };
  const missing = missingPackages(Object.keys(wanted));
  if (missing.length === 0) return;
  const line = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  const isRoot = process.getuid?.() === 0;
  const sudoOk = !isRoot && spawnSync('sudo', ['-n', 'true']).status === 0;
  if (!isRoot && !sudoOk) {
    console.error(`\nYizhan needs these Debian packages: ${missing.join(', ')}\nRun as root:\n\n  sudo ${line}\n`);
    process.exit(1);
  }
  log(`installing ${missing.join(' ')} (${[...new Set(missing.map((m) => wanted[m]))].join('; ')})`);
  const sh = (cmd) => spawnSync(isRoot ? 'sh' : 'sudo', isRoot ? ['-c', cmd] : ['sh', '-c', cmd], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  const r = sh(line);
  if (r.status !== 0 || missingPackages(missing).length) {
    console.error(`\napt-get failed; install by hand:\n\n  ${line}\n`);
    process.exit(1);
  }
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

function ensureWebBuild() {
  const web = path.join(ROOT, 'clients/web');
  const built = path.join(web, 'dist/index.html');
  const sources = Math.max(newestMtime(web), newestMtime(path.join(ROOT, 'packages/protocol/src')));
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= sources) return;
  log('building the web client (vite)…');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', web, '--logLevel', 'warn'], { stdio: 'inherit', cwd: ROOT });
  if (r.status !== 0) {
    console.error('web client build failed');
    process.exit(1);
  }
}

if (!fs.existsSync(path.join(ROOT, 'node_modules/.package-lock.json'))) {
  console.error('Run `npm install` first.');
  process.exit(1);
}
ensurePackages();
const workerBin = await ensureMediasoupWorker({ log });
ensureWebBuild();
log(`ready (mediasoup worker: ${workerBin})`);
