/**
 * Shared helpers for the bench/ scripts: timing statistics, the machine description every result
 * is recorded with, a text table and the one JSON line each script ends with. Not a test helper:
 * nothing here asserts a timing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { PDFDocument, PDFName, StandardFonts, concatTransformationMatrix, drawObject, popGraphicsState, pushGraphicsState, rgb } from 'pdf-lib';

export const now = () => performance.now();

export interface Stats {
  n: number;
  medianMs: number;
  p95Ms: number;
  meanMs: number;
  minMs: number;
  maxMs: number;
}

/** Nearest-rank percentile of a sample (p in 0..100). */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function stats(samplesMs: number[]): Stats {
  const s = [...samplesMs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return {
    n: s.length,
    medianMs: round(median),
    p95Ms: round(percentile(s, 95)),
    meanMs: round(s.reduce((a, b) => a + b, 0) / s.length),
    minMs: round(s[0]),
    maxMs: round(s[s.length - 1]),
  };
}

export const round = (x: number, digits = 3) => Number(x.toFixed(digits));

/** What the machine was and how busy it was; recorded with every result. */
export interface MachineInfo {
  date: string;
  nproc: number;
  cpuModel: string;
  memGiB: number;
  node: string;
  openssl: string;
  nodeOpenssl: string;
  postgres?: string;
  loadavg: [number, number, number];
  uptime: string;
  /** The commit measured, and how many files of the tree differed from it (others' uncommitted work). */
  git: { head: string; dirtyFiles: number };
}

export function machineInfo(opts: { postgres?: boolean } = {}): MachineInfo {
  const cpuModel = /model name\s*:\s*(.*)/.exec(safeRead('/proc/cpuinfo'))?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  const info: MachineInfo = {
    date: new Date().toISOString(),
    nproc: Number(safeExec('nproc', []) || os.availableParallelism()),
    cpuModel,
    memGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    openssl: safeExec('openssl', ['version']),
    nodeOpenssl: process.versions.openssl,
    loadavg: os.loadavg().map((x) => round(x, 2)) as [number, number, number],
    uptime: safeExec('uptime', []),
    git: {
      head: safeExec('git', ['rev-parse', '--short', 'HEAD']),
      dirtyFiles: safeExec('git', ['status', '--porcelain', '--', 'packages', 'services']).split('\n').filter(Boolean).length,
    },
  };
  if (opts.postgres) {
    for (const v of ['17', '16', '15']) {
      const bin = `/usr/lib/postgresql/${v}/bin/postgres`;
      if (fs.existsSync(bin)) {
        info.postgres = safeExec(bin, ['--version']);
        break;
      }
    }
  }
  return info;
}

export function loadNow(): [number, number, number] {
  return os.loadavg().map((x) => round(x, 2)) as [number, number, number];
}

function safeRead(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function safeExec(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

export function printMachine(m: MachineInfo): void {
  console.log(`date      ${m.date}`);
  console.log(`machine   ${m.nproc} × ${m.cpuModel}, ${m.memGiB} GiB RAM`);
  console.log(`software  Node ${m.node} (its OpenSSL ${m.nodeOpenssl}), ${m.openssl}${m.postgres ? `, ${m.postgres}` : ''}`);
  console.log(`code      commit ${m.git.head}${m.git.dirtyFiles ? ` + ${m.git.dirtyFiles} uncommitted file(s) under packages/ and services/` : ''}`);
  console.log(`load      ${m.loadavg.join(' ')} (1/5/15 min) at start${m.loadavg[0] > 0.5 ? '  ← other work is running: numbers may be low' : ''}`);
}

/** Prints rows as an aligned text table. */
export function table(headers: string[], rows: Array<Array<string | number>>): void {
  const cells = [headers, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => width(r[i] ?? ''))));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? pad(c, widths[i]) : padStart(c, widths[i]))).join('  ');
  console.log(line(cells[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells.slice(1)) console.log(line(r));
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x)) return String(x);
  return Math.abs(x) >= 100 ? x.toFixed(1) : Math.abs(x) >= 10 ? x.toFixed(2) : x.toFixed(3);
}

/** Display width: CJK characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1;
  return w;
}
const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - width(s)));
const padStart = (s: string, w: number) => ' '.repeat(Math.max(0, w - width(s))) + s;

/** The machine-readable result: exactly one line, last thing the script prints. */
export function jsonLine(result: Record<string, unknown>): void {
  console.log(JSON.stringify(result));
}

/** Parses --name value / --name=value flags into numbers or strings, with defaults. */
export function flags<T extends Record<string, number | string | boolean>>(defaults: T, argv = process.argv.slice(2)): T {
  const out: Record<string, number | string | boolean> = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([\w-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new Error(`unexpected argument ${argv[i]}`);
    const key = m[1].replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
    if (!(key in defaults)) throw new Error(`unknown flag --${m[1]} (known: ${Object.keys(defaults).join(', ')})`);
    const d = defaults[key];
    if (typeof d === 'boolean') {
      out[key] = m[2] === undefined ? true : m[2] !== 'false';
      continue;
    }
    const raw = m[2] ?? argv[++i];
    if (raw === undefined) throw new Error(`--${m[1]} needs a value`);
    out[key] = typeof d === 'number' ? Number(raw) : raw;
    if (typeof d === 'number' && !Number.isFinite(out[key])) throw new Error(`--${m[1]} must be a number`);
  }
  return out as T;
}

/** Runs a command and returns its wall time in ms (throws when it fails). */
export function timedRun(cmd: string, args: string[], cwd: string): number {
  const t0 = now();
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = now() - t0;
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.slice(0, 3).join(' ')} … exited ${r.status}: ${r.stderr}`);
  return ms;
}

/**
 * A PDF of about `targetBytes`: a few A4 pages of text plus one uncompressed 8-bit RGB image of
 * random pixels (incompressible, so the size is what it says), drawn on the first page.
 */
export async function makeFillerPdf(targetBytes = 1024 * 1024, pages = 4): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle('Benchmark document');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const textBytes = 12_000; // roughly what the text pages and structure take
  const pixels = Math.max(1, Math.floor((targetBytes - textBytes) / 3));
  const w = 600;
  const h = Math.max(1, Math.floor(pixels / w));
  const image = doc.context.stream(Buffer.from(randomFill(w * h * 3)), {
    Type: 'XObject',
    Subtype: 'Image',
    Width: w,
    Height: h,
    ColorSpace: 'DeviceRGB',
    BitsPerComponent: 8,
  });
  const imageRef = doc.context.register(image);
  for (let p = 0; p < pages; p++) {
    const page = doc.addPage([595.28, 841.89]);
    for (let line = 0; line < 40; line++) {
      page.drawText(`Page ${p + 1}, line ${line + 1}: the quick brown fox jumps over the lazy dog 0123456789.`, {
        x: 56,
        y: 780 - line * 18,
        size: 10,
        font,
        color: rgb(0, 0, 0),
      });
    }
    if (p === 0) {
      page.node.newXObject('BenchImage', imageRef);
      page.pushOperators(pushGraphicsState(), concatTransformationMatrix(200, 0, 0, 150, 56, 40), drawObject(PDFName.of('BenchImage')), popGraphicsState());
    }
  }
  return doc.save({ useObjectStreams: false });
}

/** Deterministic pseudo-random bytes (xorshift), so every run signs the same document. */
export function randomFill(n: number, seed = 0x9e3779b9): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}
