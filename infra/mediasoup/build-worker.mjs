#!/usr/bin/env node
// Finds or builds the mediasoup worker binary (mediasoup 3.13.16) — plain Node ESM, built-ins only,
// because it runs before anything else is set up.
//
//   import { ensureMediasoupWorker } from './infra/mediasoup/build-worker.mjs';
//   const bin = await ensureMediasoupWorker();          // absolute path of a usable mediasoup-worker
//
//   node infra/mediasoup/build-worker.mjs                 // progress on stderr, the path on stdout
//
// Order: (a) $MEDIASOUP_WORKER_BIN if it names an executable file; (b) the binary a normal
// `npm install` puts in node_modules/mediasoup/worker/out/Release; (c) the cache
// ${XDG_CACHE_HOME:-~/.cache}/yizhan/mediasoup-worker-3.13.16-srtp-openssl/mediasoup-worker; (d) build it.
// (The cache directory is named after WORKER_BUILD, so a binary from an older recipe is not reused.)
//
// The build uses Debian's system libraries instead of mediasoup's meson subprojects (which would be
// downloaded from GitHub: impossible here and in air-gapped networks), with two patches beside this
// file: mediasoup-3.13.16-debian-syslibs.patch (meson files) and mediasoup-3.13.16-dtls-ktls-fix.patch
// (DtlsTransport.cpp: without it the worker segfaults on the first DTLS handshake with a browser when
// linked against a kTLS-enabled OpenSSL such as Debian's). Nothing is downloaded from GitHub; only
// meson/ninja come from the pip index and, if node_modules lacks the worker sources, the mediasoup
// tarball comes from the npm registry.
//
// libsrtp is NOT Debian's shared libsrtp2: Debian 12 builds libsrtp2 2.5.0 with its NSS crypto
// backend, which costs several PKCS#11 calls per packet (measured: ~25 % of a worker's CPU when it
// forwards to a few hundred SRTP subscribers). mediasoup itself ships libsrtp built on OpenSSL
// (EVP, AES-NI). So the build fetches Debian's libsrtp2 source package with apt-get (deb-src twins
// of the machine's own apt sources, in a private list and state dir: the system's apt configuration
// is not touched), checks the upstream tarball's SHA-256, builds it as a static library with
// OpenSSL exactly as mediasoup's own meson subproject does (crypto-library=openssl,
// crypto-library-kdf=disabled) into a private prefix, and links the worker against that. Debian's
// patches to the package touch only tests, test scripts and the README, so the tarball is built as is.
// The tarball is kept in ${XDG_CACHE_HOME:-~/.cache}/yizhan/sources/; putting it there by hand
// (same name, same SHA-256) makes the build work without an apt mirror.

import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const MEDIASOUP_VERSION = '3.13.16';
/** Names the cached binary's directory: change it whenever the recipe changes the binary. */
export const WORKER_BUILD = `${MEDIASOUP_VERSION}-srtp-openssl`;

// Debian 12's libsrtp2 source package (the upstream tarball it carries; any Debian revision of 2.5.0).
const LIBSRTP = {
  sourcePackage: 'libsrtp2',
  tarball: 'libsrtp2_2.5.0.orig.tar.gz',
  sha256: '8a43ef8e9ae2b665292591af62aa1a4ae41e468b6d98d8258f91478735da4e09',
  dir: 'libsrtp-2.5.0',
};

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '..', '..');
const PATCHES = [
  path.join(HERE, `mediasoup-${MEDIASOUP_VERSION}-debian-syslibs.patch`),
  path.join(HERE, `mediasoup-${MEDIASOUP_VERSION}-dtls-ktls-fix.patch`),
];

// Debian packages the build needs (runtime libraries come with the -dev packages).
const APT_PACKAGES = [
  'build-essential',
  'pkg-config',
  'patch',
  'libuv1-dev',
  'libssl-dev',
  'libusrsctp-dev',
  'libabsl-dev',
  'libflatbuffers-dev',
  'flatbuffers-compiler',
  'python3-venv',
];
// pkg-config modules the patched meson.build asks for, and the package that provides each.
const PKG_CONFIG_MODULES = {
  libuv: 'libuv1-dev',
  openssl: 'libssl-dev',
  usrsctp: 'libusrsctp-dev',
  absl_flat_hash_map: 'libabsl-dev',
  absl_strings: 'libabsl-dev',
  absl_optional: 'libabsl-dev',
  flatbuffers: 'libflatbuffers-dev',
};
// Programs the build runs, and the package that provides each.
const PROGRAMS = {
  cc: 'build-essential',
  'c++': 'build-essential',
  ar: 'build-essential',
  strip: 'build-essential',
  patch: 'patch',
  tar: 'tar',
  'apt-get': 'apt',
  'pkg-config': 'pkg-config',
  flatc: 'flatbuffers-compiler',
};

export function cacheRoot(env = process.env) {
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(env.HOME || os.homedir(), '.cache');
  return path.join(base, 'yizhan');
}

export function cachedWorkerPath(env = process.env) {
  return path.join(cacheRoot(env), `mediasoup-worker-${WORKER_BUILD}`, 'mediasoup-worker');
}

// Temp dirs and locks to remove if the CLI is interrupted (finally blocks do not run on signals).
const pendingCleanup = new Set();

function isExecutableFile(p) {
  try {
    if (!fs.statSync(p).isFile()) return false;
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function mediasoupPackageDir() {
  // Hoisted install first, then the conference workspace's own node_modules.
  for (const dir of [
    path.join(REPO_ROOT, 'node_modules', 'mediasoup'),
    path.join(REPO_ROOT, 'services', 'conference', 'node_modules', 'mediasoup'),
  ]) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
  }
  return null;
}

function which(program) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (dir && isExecutableFile(path.join(dir, program))) return path.join(dir, program);
  }
  return null;
}

function fmtSeconds(ms) {
  return `${Math.round(ms / 1000)} s`;
}

export async function ensureMediasoupWorker({ log = console.log } = {}) {
  // (a) explicit override
  const fromEnv = process.env.MEDIASOUP_WORKER_BIN;
  if (fromEnv) {
    const abs = path.resolve(fromEnv);
    if (isExecutableFile(abs)) {
      log(`[mediasoup-worker] using MEDIASOUP_WORKER_BIN=${abs}`);
      return abs;
    }
    log(`[mediasoup-worker] warning: MEDIASOUP_WORKER_BIN=${fromEnv} is not an executable file; ignoring it`);
  }

  // (b) prebuilt binary from a normal npm install
  const pkgDir = mediasoupPackageDir();
  if (pkgDir) {
    const installed = path.join(pkgDir, 'worker', 'out', 'Release', 'mediasoup-worker');
    if (isExecutableFile(installed)) {
      log(`[mediasoup-worker] using the installed package's binary ${installed}`);
      return installed;
    }
  }

  // (c) our cache
  const cached = cachedWorkerPath();
  if (isExecutableFile(cached)) {
    log(`[mediasoup-worker] using cached build ${cached}`);
    return cached;
  }

  // (d) build it
  return buildWorker({ log, pkgDir, target: cached });
}

// ---------------------------------------------------------------------------------------------
// Build

function checkSystemPackages() {
  const missing = new Set();
  if (which('dpkg-query')) {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Abbrev}\\n', ...APT_PACKAGES], {
      encoding: 'utf8',
    });
    const installed = new Set(
      r.stdout
        .split('\n')
        .filter((l) => /^\S+ ii/.test(l))
        .map((l) => l.split(' ')[0].replace(/:.*$/, '')),
    );
    for (const p of APT_PACKAGES) if (!installed.has(p)) missing.add(p);
  }
  // Also check what the build really uses, in case dpkg is absent or lies.
  for (const [prog, pkg] of Object.entries(PROGRAMS)) if (!which(prog)) missing.add(pkg);
  if (which('pkg-config')) {
    for (const [mod, pkg] of Object.entries(PKG_CONFIG_MODULES)) {
      if (spawnSync('pkg-config', ['--exists', mod]).status !== 0) missing.add(pkg);
    }
  }
  if (missing.size > 0) {
    const list = [...missing].sort().join(' ');
    const all = [...new Set([...APT_PACKAGES, ...missing])].join(' ');
    throw new Error(
      `Cannot build the mediasoup worker: missing system packages: ${list}\n` +
        `Install them (as root) with:\n  apt-get update && apt-get install -y ${all}`,
    );
  }
}

// Runs a command, writing its output to logFile; on failure throws with the output's tail.
// onLine (optional) sees each output line, for progress reporting.
function run(cmd, args, { cwd, env, logFile, onLine } = {}) {
  return new Promise((resolve, reject) => {
    const out = fs.openSync(logFile, 'a');
    fs.writeSync(out, `\n$ ${[cmd, ...args].join(' ')}   (in ${cwd})\n`);
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    let partial = '';
    const onData = (buf) => {
      const s = buf.toString();
      fs.writeSync(out, s);
      tail = (tail + s).slice(-6000);
      if (onLine) {
        const lines = (partial + s).split(/\r?\n/);
        partial = lines.pop();
        for (const l of lines) onLine(l);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (e) => {
      fs.closeSync(out);
      reject(new Error(`${cmd}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      fs.closeSync(out);
      if (code === 0) resolve();
      else {
        reject(
          new Error(
            `\`${[cmd, ...args].join(' ')}\` failed (${signal ? `signal ${signal}` : `exit ${code}`}); ` +
              `last output:\n${tail.split('\n').slice(-40).join('\n')}`,
          ),
        );
      }
    });
  });
}

function hasWorkerSources(workerDir) {
  return [
    'meson.build',
    'meson_options.txt',
    'src/RTC/DtlsTransport.cpp',
    'src/main.cpp',
    'include',
    'fbs/meson.build',
    'deps/libwebrtc/meson.build',
  ].every((p) => fs.existsSync(path.join(workerDir, p)));
}

function pkgVersion(pkgDir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

// Returns the directory holding mediasoup's worker/ sources (the package root).
async function obtainSources({ pkgDir, tmpDir, logFile, log }) {
  if (pkgDir && pkgVersion(pkgDir) === MEDIASOUP_VERSION && hasWorkerSources(path.join(pkgDir, 'worker'))) {
    log(`[mediasoup-worker] sources: ${path.join(pkgDir, 'worker')}`);
    return pkgDir;
  }
  log(
    `[mediasoup-worker] node_modules has no complete mediasoup ${MEDIASOUP_VERSION} worker sources; ` +
      `fetching the package with npm pack`,
  );
  const packDir = path.join(tmpDir, 'pack');
  fs.mkdirSync(packDir, { recursive: true });
  await run('npm', ['pack', `mediasoup@${MEDIASOUP_VERSION}`, '--silent'], { cwd: packDir, logFile });
  const tgz = fs.readdirSync(packDir).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new Error('npm pack produced no tarball');
  await run('tar', ['xzf', tgz], { cwd: packDir, logFile });
  const root = path.join(packDir, 'package');
  if (!hasWorkerSources(path.join(root, 'worker'))) {
    throw new Error(`mediasoup@${MEDIASOUP_VERSION} from npm lacks the worker sources`);
  }
  return root;
}

async function ensureMesonVenv({ venv, logFile, log }) {
  const meson = path.join(venv, 'bin', 'meson');
  const ninja = path.join(venv, 'bin', 'ninja');
  const works = () =>
    isExecutableFile(meson) &&
    isExecutableFile(ninja) &&
    spawnSync(meson, ['--version']).status === 0 &&
    spawnSync(ninja, ['--version']).status === 0;
  if (works()) return { meson, ninja };

  // Debian's own Python has python3-venv; fall back to whatever python3 is on PATH.
  const python = isExecutableFile('/usr/bin/python3') ? '/usr/bin/python3' : which('python3');
  if (!python) throw new Error('python3 not found (apt-get install -y python3-venv)');
  log(`[mediasoup-worker] creating the meson/ninja venv ${venv} (pip install meson ninja)`);
  fs.rmSync(venv, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(venv), { recursive: true });
  await run(python, ['-m', 'venv', venv], { cwd: path.dirname(venv), logFile });
  await run(path.join(venv, 'bin', 'python'), ['-m', 'pip', 'install', '--quiet', 'meson>=1.1', 'ninja'], {
    cwd: path.dirname(venv),
    logFile,
  });
  if (!works()) throw new Error(`meson/ninja not usable in ${venv} after pip install`);
  return { meson, ninja };
}

// ---------------------------------------------------------------------------------------------
// libsrtp on OpenSSL

function sha256File(file) {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

// The machine's apt sources (one-line .list and deb822 .sources files) turned into deb-src entries.
function debSrcSources() {
  const lists = [];
  const stanzas = [];
  const files = [];
  if (fs.existsSync('/etc/apt/sources.list')) files.push('/etc/apt/sources.list');
  try {
    for (const f of fs.readdirSync('/etc/apt/sources.list.d').sort()) {
      if (f.endsWith('.list') || f.endsWith('.sources')) files.push(path.join('/etc/apt/sources.list.d', f));
    }
  } catch {
    /* no sources.list.d */
  }
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    if (f.endsWith('.sources')) {
      for (const stanza of text.split(/\n\s*\n/)) {
        const types = /^Types:\s*(.*)$/im.exec(stanza);
        if (!types || !types[1].split(/\s+/).includes('deb')) continue;
        stanzas.push(stanza.replace(/^Types:.*$/im, 'Types: deb-src').trim());
      }
    } else {
      for (const line of text.split('\n')) if (/^\s*deb\s/.test(line)) lists.push(line.replace(/^\s*deb\s/, 'deb-src '));
    }
  }
  return { list: lists.join('\n') + '\n', sources: stanzas.join('\n\n') + '\n' };
}

// Path of the verified libsrtp tarball in the cache; fetches it with apt-get source when absent.
async function obtainLibsrtpTarball({ tmpDir, logFile, log }) {
  const dir = path.join(cacheRoot(), 'sources');
  const cached = path.join(dir, LIBSRTP.tarball);
  if (fs.existsSync(cached)) {
    if (sha256File(cached) === LIBSRTP.sha256) {
      log(`[mediasoup-worker] libsrtp source: ${cached}`);
      return cached;
    }
    log(`[mediasoup-worker] warning: ${cached} has the wrong SHA-256; fetching it again`);
    fs.rmSync(cached, { force: true });
  }
  log(`[mediasoup-worker] fetching Debian's ${LIBSRTP.sourcePackage} source package (apt-get source, private lists)`);
  const apt = path.join(tmpDir, 'apt');
  for (const d of ['sources.list.d', 'lists/partial', 'cache/archives/partial', 'dl']) {
    fs.mkdirSync(path.join(apt, d), { recursive: true });
  }
  const { list, sources } = debSrcSources();
  fs.writeFileSync(path.join(apt, 'sources.list'), list);
  fs.writeFileSync(path.join(apt, 'sources.list.d', 'yizhan-src.sources'), sources);
  const opts = [
    '-o', `Dir::Etc::SourceList=${path.join(apt, 'sources.list')}`,
    '-o', `Dir::Etc::SourceParts=${path.join(apt, 'sources.list.d')}`,
    '-o', `Dir::State::Lists=${path.join(apt, 'lists')}`,
    '-o', `Dir::Cache=${path.join(apt, 'cache')}`,
    // as root apt would drop to the _apt user, who cannot write into this private temp dir
    ...(process.getuid?.() === 0 ? ['-o', 'APT::Sandbox::User=root'] : []),
  ];
  try {
    await run('apt-get', [...opts, 'update'], { cwd: apt, logFile });
  } catch (e) {
    // a third-party repository without sources fails the update; what matters is whether the source is found
    log(`[mediasoup-worker] note: apt-get update (deb-src) reported errors; trying the download anyway`);
    fs.appendFileSync(logFile, `\n(apt-get update failed: ${e.message})\n`);
  }
  const dl = path.join(apt, 'dl');
  try {
    await run('apt-get', [...opts, 'source', '--download-only', LIBSRTP.sourcePackage], { cwd: dl, logFile });
  } catch (e) {
    throw new Error(
      `could not fetch Debian's ${LIBSRTP.sourcePackage} source package with apt-get source ` +
        `(deb-src entries derived from /etc/apt/sources*). Without apt access, put ${LIBSRTP.tarball} ` +
        `(SHA-256 ${LIBSRTP.sha256}) into ${dir}/ and run again.\n${e.message}`,
      { cause: e },
    );
  }
  const got = path.join(dl, LIBSRTP.tarball);
  if (!fs.existsSync(got)) {
    throw new Error(
      `apt-get source ${LIBSRTP.sourcePackage} brought ${fs.readdirSync(dl).join(', ') || 'nothing'}, ` +
        `not ${LIBSRTP.tarball} (has Debian moved to another libsrtp release? update LIBSRTP in ${path.basename(fileURLToPath(import.meta.url))})`,
    );
  }
  const sum = sha256File(got);
  if (sum !== LIBSRTP.sha256) throw new Error(`${LIBSRTP.tarball}: SHA-256 ${sum}, expected ${LIBSRTP.sha256}`);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${cached}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  fs.copyFileSync(got, tmp);
  fs.renameSync(tmp, cached);
  return cached;
}

// Builds libsrtp as a static library on OpenSSL into <tmpDir>/libsrtp-prefix; returns its pkg-config dir.
async function buildLibsrtp({ tarball, tmpDir, meson, ninja, env, logFile, log }) {
  const srcParent = path.join(tmpDir, 'libsrtp-src');
  const prefix = path.join(tmpDir, 'libsrtp-prefix');
  fs.mkdirSync(srcParent, { recursive: true });
  await run('tar', ['xzf', tarball], { cwd: srcParent, logFile });
  const src = path.join(srcParent, LIBSRTP.dir);
  log('[mediasoup-worker] building libsrtp (static, OpenSSL crypto)');
  await run(
    meson,
    [
      'setup', '--buildtype', 'release', '-Db_ndebug=true', '--wrap-mode=nodownload',
      '-Ddefault_library=static', '-Db_staticpic=true',
      '-Dcrypto-library=openssl', '-Dcrypto-library-kdf=disabled',
      '-Dtests=disabled', '-Ddoc=disabled', '-Dpcap-tests=disabled',
      `--prefix=${prefix}`, '--libdir=lib', 'out',
    ],
    { cwd: src, env, logFile },
  );
  await run(ninja, ['-C', 'out', 'install'], { cwd: src, env, logFile });
  const pcDir = path.join(prefix, 'lib', 'pkgconfig');
  if (!fs.existsSync(path.join(prefix, 'lib', 'libsrtp2.a')) || !fs.existsSync(path.join(pcDir, 'libsrtp2.pc'))) {
    throw new Error(`libsrtp build left no libsrtp2.a / libsrtp2.pc in ${prefix}`);
  }
  return pcDir;
}

// A lock directory so that concurrent setups build once; a stale lock (dead owner) is taken over.
// Correctness does not depend on it: the cache is only ever written by an atomic rename.
async function acquireLock(lockDir, log) {
  const deadline = Date.now() + 30 * 60_000;
  let told = false;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      pendingCleanup.add(lockDir);
      return () => {
        fs.rmSync(lockDir, { recursive: true, force: true });
        pendingCleanup.delete(lockDir);
      };
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
    let owner = NaN;
    try {
      owner = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'));
    } catch {
      /* being created or removed */
    }
    let alive = true;
    if (Number.isInteger(owner) && owner > 0) {
      try {
        process.kill(owner, 0);
      } catch (e) {
        alive = e.code === 'EPERM';
      }
    } else {
      // No pid yet: the owner is between mkdir and writeFile, or died there.
      const age = Date.now() - (fs.statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      alive = age < 10_000;
    }
    if (!alive) {
      fs.rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      log('[mediasoup-worker] warning: gave up waiting for another build; building anyway');
      return () => {};
    }
    if (!told) {
      log(`[mediasoup-worker] another process (pid ${owner}) is building the worker; waiting for it`);
      told = true;
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
}

async function buildWorker({ log, pkgDir, target }) {
  checkSystemPackages();
  for (const p of PATCHES) if (!fs.existsSync(p)) throw new Error(`missing patch ${p}`);

  const root = cacheRoot();
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const release = await acquireLock(path.join(root, `mediasoup-worker-${WORKER_BUILD}.lock`), log);
  try {
    if (isExecutableFile(target)) {
      log(`[mediasoup-worker] built meanwhile by another process: ${target}`);
      return target;
    }
    const t0 = Date.now();
    log(
      `[mediasoup-worker] no mediasoup-worker binary found; building mediasoup ${MEDIASOUP_VERSION}'s worker ` +
        `from source against the system libraries.`,
    );
    log(`[mediasoup-worker] this takes about 4-5 minutes on 2 cores (once; the result is cached in ${path.dirname(target)})`);

    const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-mediasoup-build-'));
    pendingCleanup.add(tmpDir);
    const logFile = path.join(tmpDir, 'build.log');
    let ok = false;
    try {
      const srcRoot = await obtainSources({ pkgDir, tmpDir, logFile, log });
      const buildRoot = path.join(tmpDir, 'src');
      const workerDir = path.join(buildRoot, 'worker');
      fs.mkdirSync(buildRoot);
      fs.cpSync(path.join(srcRoot, 'worker'), workerDir, {
        recursive: true,
        // never reuse a previous build tree that may sit in the package
        filter: (src) => !/^worker[\\/]out([\\/]|$)/.test(path.relative(srcRoot, src)),
      });
      spawnSync('chmod', ['-R', 'u+w', buildRoot]);

      for (const p of PATCHES) {
        log(`[mediasoup-worker] applying ${path.basename(p)}`);
        await run('patch', ['-p1', '--forward', '--batch', '-i', p], { cwd: buildRoot, logFile });
      }
      const dtls = fs.readFileSync(path.join(workerDir, 'src', 'RTC', 'DtlsTransport.cpp'), 'utf8');
      if (!dtls.includes('(operationType & BIO_CB_RETURN)') || dtls.includes('(operationType == BIO_CB_RETURN)')) {
        throw new Error('the DTLS/kTLS fix is not in DtlsTransport.cpp after patching');
      }
      log('[mediasoup-worker] DTLS/kTLS fix present in DtlsTransport.cpp');

      const { meson, ninja } = await ensureMesonVenv({ venv: path.join(root, 'meson-venv'), logFile, log });
      const env = { ...process.env, PATH: `${path.dirname(meson)}${path.delimiter}${process.env.PATH || ''}` };

      const tarball = await obtainLibsrtpTarball({ tmpDir, logFile, log });
      const srtpPkgConfig = await buildLibsrtp({ tarball, tmpDir, meson, ninja, env, logFile, log });

      log('[mediasoup-worker] meson setup');
      await run(
        meson,
        [
          'setup', '--buildtype', 'release', '-Db_ndebug=true', '-Dms_disable_liburing=true', '--wrap-mode=nodownload',
          // our static libsrtp (its libsrtp2.pc) before the system's
          `-Dpkg_config_path=${srtpPkgConfig}`,
          'out',
        ],
        { cwd: workerDir, env, logFile },
      );
      log('[mediasoup-worker] generating the flatbuffers headers (ninja fbs/FBS)');
      await run(ninja, ['-C', 'out', 'fbs/FBS'], { cwd: workerDir, env, logFile });

      log('[mediasoup-worker] compiling mediasoup-worker (ninja; the long part)');
      let lastPct = -1;
      await run(ninja, ['-C', 'out', 'mediasoup-worker'], {
        cwd: workerDir,
        env,
        logFile,
        onLine: (line) => {
          const m = /^\[(\d+)\/(\d+)\]/.exec(line);
          if (!m) return;
          const pct = Math.floor((Number(m[1]) / Number(m[2])) * 10) * 10;
          if (pct > lastPct) {
            lastPct = pct;
            log(`[mediasoup-worker]   ${pct}% (${m[1]}/${m[2]} steps, ${fmtSeconds(Date.now() - t0)} so far)`);
          }
        },
      });

      const built = path.join(workerDir, 'out', 'mediasoup-worker');
      if (!isExecutableFile(built)) throw new Error(`ninja finished but ${built} is missing`);
      const ldd = spawnSync('ldd', [built], { encoding: 'utf8' });
      if (/not found/.test(ldd.stdout || '')) {
        throw new Error(`the built worker has unresolved libraries:\n${ldd.stdout}`);
      }
      // libsrtp must be our static OpenSSL build, not Debian's shared NSS one
      if (/libsrtp2\.so|libnss3/.test(ldd.stdout || '')) {
        throw new Error(`the built worker links the system's libsrtp2/NSS instead of the OpenSSL build:\n${ldd.stdout}`);
      }
      // (libsrtp's cipher descriptions name the crypto backend: 'AES-128 GCM using openssl' / '… using NSS')
      if (!fs.readFileSync(built).includes('AES-128 GCM using openssl')) {
        throw new Error("the built worker lacks libsrtp's OpenSSL AES-GCM cipher ('AES-128 GCM using openssl')");
      }
      log('[mediasoup-worker] libsrtp linked statically with OpenSSL crypto');

      // Strip into a unique temp name inside the cache dir, then rename: atomic, so a concurrent
      // build or a reader never sees a half-written binary.
      const tmpTarget = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
      try {
        await run('strip', ['--strip-all', '-o', tmpTarget, built], { cwd: workerDir, logFile });
        fs.chmodSync(tmpTarget, 0o755);
        fs.renameSync(tmpTarget, target);
      } finally {
        fs.rmSync(tmpTarget, { force: true });
      }
      if (process.env.MEDIASOUP_WORKER_KEEP_SYMBOLS === '1') {
        // for profiling (perf report --symfs / objdump): the unstripped binary beside the cached one
        fs.copyFileSync(built, `${target}.debug`);
      }
      const size = fs.statSync(target).size;
      log(
        `[mediasoup-worker] built ${target} (${(size / 1024 / 1024).toFixed(1)} MB stripped) ` +
          `in ${fmtSeconds(Date.now() - t0)}`,
      );
      ok = true;
      return target;
    } finally {
      if (!ok && fs.existsSync(logFile)) {
        const kept = path.join(root, `mediasoup-worker-build-failed-${Date.now()}.log`);
        try {
          fs.copyFileSync(logFile, kept);
          log(`[mediasoup-worker] build failed; full log kept in ${kept}`);
        } catch {
          /* ignore */
        }
      }
      fs.rmSync(tmpDir, { recursive: true, force: true });
      pendingCleanup.delete(tmpDir);
    }
  } finally {
    release();
  }
}

// ---------------------------------------------------------------------------------------------
// CLI: progress on stderr, the path alone on stdout.

const invokedDirectly = (() => {
  try {
    return import.meta.url === pathToFileURL(fs.realpathSync(process.argv[1] || '')).href;
  } catch {
    return false;
  }
})();

if (invokedDirectly) {
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.once(sig, () => {
      for (const p of pendingCleanup) fs.rmSync(p, { recursive: true, force: true });
      console.error(`[mediasoup-worker] interrupted (${sig}); temporary files removed`);
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
  ensureMediasoupWorker({ log: (...a) => console.error(...a) }).then(
    (bin) => console.log(bin),
    (err) => {
      console.error(`[mediasoup-worker] ERROR: ${err.message}`);
      process.exit(1);
    },
  );
}
