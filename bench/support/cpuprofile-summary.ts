/**
 * Summarises V8 .cpuprofile files (from `node --cpu-prof`): self time by package / source file and
 * the top functions, so a benchmark's hot spots can be named with numbers.
 *
 * Run:  npx tsx bench/support/cpuprofile-summary.ts FILE.cpuprofile [more…] [--top 25] [--focus fnA,fnB,…]
 * --focus prints the inclusive time of the named functions (samples with that function anywhere
 * on the stack, counted once), e.g. --focus renderOfficialDocument,signPdf,envelopFor,agencySigner
 */
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 25;
const focusAt = args.indexOf('--focus');
const focus = focusAt >= 0 ? args.splice(focusAt, 2)[1].split(',').filter(Boolean) : [];
const inclusive = new Map<string, number>(focus.map((f) => [f, 0]));
if (!args.length) {
  console.error('usage: npx tsx bench/support/cpuprofile-summary.ts FILE.cpuprofile [more…] [--top 25]');
  process.exit(2);
}

const byGroup = new Map<string, number>();
const byFile = new Map<string, number>();
const byFunction = new Map<string, number>();
let totalUs = 0;
for (const file of args) {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const nodes = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  // Time of a sample is the delta to the next one (V8's convention).
  for (let i = 0; i < p.samples.length; i++) {
    const dt = p.timeDeltas[i + 1] ?? 0;
    selfUs.set(p.samples[i], (selfUs.get(p.samples[i]) ?? 0) + dt);
  }
  for (const [id, us] of selfUs) {
    if (focus.length) {
      const names = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) names.add(nodes.get(at)!.callFrame.functionName);
      for (const f of focus) if (names.has(f)) inclusive.set(f, inclusive.get(f)! + us);
    }
    const n = nodes.get(id)!;
    totalUs += us;
    const url = n.callFrame.url;
    const name = n.callFrame.functionName || '(anonymous)';
    add(byGroup, groupOf(url, name), us);
    add(byFile, shortUrl(url) || `(${name})`, us);
    add(byFunction, `${name}  ${shortUrl(url)}${url ? `:${n.callFrame.lineNumber + 1}` : ''}`, us);
  }
}

function add(m: Map<string, number>, k: string, us: number) {
  m.set(k, (m.get(k) ?? 0) + us);
}

function shortUrl(url: string): string {
  return url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/node_modules\//, 'node_modules/')
    .replace(/^\/work\/main\//, '');
}

function groupOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native / V8 builtins)';
  if (url.startsWith('node:')) return 'node: core';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return `npm ${m[1]}`;
  const s = /\/work\/main\/((?:packages|services|clients|test|bench)\/[^/]+(?:\/src\/[^/]+)?)/.exec(url);
  return s ? s[1] : shortUrl(url);
}

function print(title: string, m: Map<string, number>, n: number) {
  console.log(`\n${title}`);
  const rows = [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
  for (const [k, us] of rows) console.log(`${(us / 1000).toFixed(0).padStart(9)} ms ${((us / totalUs) * 100).toFixed(1).padStart(5)}%  ${k}`);
}

console.log(`total sampled: ${(totalUs / 1e6).toFixed(2)} s in ${args.length} profile(s)`);
print('self time by package / module folder', byGroup, top);
print('self time by file', byFile, top);
print('self time by function', byFunction, top);
if (focus.length) {
  console.log('\ninclusive time (function anywhere on the stack)');
  for (const [f, us] of inclusive) console.log(`${(us / 1000).toFixed(0).padStart(9)} ms ${((us / totalUs) * 100).toFixed(1).padStart(5)}%  ${f}`);
}
