import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TarError, readTar, writeTar, type TarEntry } from './tar';
import { gnuTar, put, removeTempDirs, tempDir } from './test-support';

const LONG = `attachments/${'a'.repeat(60)}/${'b'.repeat(60)}/01.pdf`; // > 100 bytes: uses the ustar prefix

const entries: TarEntry[] = [
  { path: 'manifest.json', bytes: Buffer.from('{"title":"关于印发的通知"}') },
  { path: 'document.pdf', bytes: randomBytes(1500) },
  { path: 'attachments/01.pdf', bytes: randomBytes(512) },
  { path: 'attachments/02.xlsx', bytes: Buffer.alloc(0) },
  { path: LONG, bytes: randomBytes(10) },
];

/** Rewrites a header field and fixes the checksum, as a hostile archive would. */
function patchHeader(tar: Buffer, headerOffset: number, fieldOffset: number, value: Buffer | string): Buffer {
  const copy = Buffer.from(tar);
  const v = typeof value === 'string' ? Buffer.from(value, 'latin1') : value;
  v.copy(copy, headerOffset + fieldOffset);
  copy.fill(0x20, headerOffset + 148, headerOffset + 156);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += copy[headerOffset + i];
  copy.write(`${sum.toString(8).padStart(6, '0')}\0 `, headerOffset + 148, 'latin1');
  return copy;
}

function tarError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(TarError);
    return (err as Error).message;
  }
  throw new Error('expected a TarError');
}

describe('deterministic ustar container', () => {
  afterAll(removeTempDirs);
  const tar = writeTar(entries);

  it('gives the same bytes for the same input, and reads back what it wrote', () => {
    expect(writeTar(entries.map((e) => ({ ...e, bytes: Buffer.from(e.bytes) }))).equals(tar)).toBe(true);
    expect(tar.length % 512).toBe(0);
    const back = readTar(tar);
    expect(back.map((e) => e.path)).toEqual(entries.map((e) => e.path));
    back.forEach((e, i) => expect(e.bytes.equals(entries[i].bytes)).toBe(true));
  });

  it('GNU tar lists it (mode, owner, size, fixed date) and extracts the exact bytes', () => {
    const dir = tempDir();
    put(dir, { 'p.tar': tar });
    const list = gnuTar(dir, '--utc', '-tvf', 'p.tar');
    expect(list.code, list.out).toBe(0);
    expect(list.out).toMatch(/^-rw-r--r-- 0\/0\s+1500 2000-01-01 00:00 document\.pdf$/m);
    expect(list.out).toContain(LONG);
    expect(list.out).not.toMatch(/warning/i);
    mkdirSync(join(dir, 'x'));
    const extract = gnuTar(dir, '-xf', 'p.tar', '-C', 'x');
    expect(extract.code, extract.out).toBe(0);
    expect(extract.out).toBe('');
    for (const e of entries) expect(readFileSync(join(dir, 'x', e.path)).equals(e.bytes)).toBe(true);
  });

  it('reads an archive GNU tar wrote in ustar format (directory entries skipped)', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'src', 'attachments'), { recursive: true });
    put(join(dir, 'src'), { 'document.pdf': entries[1].bytes, 'attachments/01.pdf': entries[2].bytes });
    expect(gnuTar(join(dir, 'src'), '--format=ustar', '-cf', '../g.tar', 'document.pdf', 'attachments').code).toBe(0);
    const back = readTar(readFileSync(join(dir, 'g.tar')));
    expect(back.map((e) => e.path).sort()).toEqual(['attachments/01.pdf', 'document.pdf']);
  });

  it('refuses names that could escape or are not plain ASCII, when writing and when reading', () => {
    for (const path of ['../etc/passwd', '/etc/passwd', 'a/../../b', 'a//b', '公文.pdf', 'a\\b', '']) {
      expect(() => writeTar([{ path, bytes: Buffer.alloc(1) }]), path).toThrow(TarError);
    }
    expect(() => writeTar([entries[0], entries[0]])).toThrow(/twice/);
    const one = writeTar([{ path: 'document.pdf', bytes: Buffer.from('x') }]);
    expect(tarError(() => readTar(patchHeader(one, 0, 0, '../../evil.pdf\0')))).toContain('".."');
    expect(tarError(() => readTar(patchHeader(one, 0, 0, '/tmp/evil.pdf\0')))).toContain('absolute path');
    expect(tarError(() => readTar(patchHeader(one, 0, 345, '..\0')))).toContain('".."'); // via the prefix field
  });

  it('refuses bad checksums, truncation, other entry types, trailing data and duplicates', () => {
    const one = writeTar([{ path: 'document.pdf', bytes: randomBytes(1000) }]);
    const badSum = Buffer.from(one);
    badSum[10] ^= 1;
    expect(tarError(() => readTar(badSum))).toContain('checksum');
    expect(tarError(() => readTar(one.subarray(0, 512 + 512)))).toContain('truncated');
    expect(tarError(() => readTar(one.subarray(0, one.length - 512)))).toContain('end-of-archive');
    expect(tarError(() => readTar(one.subarray(0, 700)))).toContain('multiple of 512');
    expect(tarError(() => readTar(Buffer.alloc(0)))).toContain('empty');
    expect(tarError(() => readTar(patchHeader(one, 0, 156, '2')))).toContain("entry type '2'"); // symlink
    expect(tarError(() => readTar(patchHeader(one, 0, 156, 'x')))).toContain("entry type 'x'"); // pax header
    expect(tarError(() => readTar(patchHeader(one, 0, 257, 'ustar  \0')))).toContain('not POSIX ustar');
    expect(tarError(() => readTar(patchHeader(one, 0, 124, '99999999999\0')))).toContain('size');
    expect(tarError(() => readTar(patchHeader(one, 0, 124, '77777777777\0')))).toContain('truncated');
    const trailing = Buffer.concat([one, Buffer.alloc(511), Buffer.from([1])]);
    expect(tarError(() => readTar(trailing))).toContain('after the end-of-archive');
    const doubled = Buffer.concat([one.subarray(0, 1536), one]);
    expect(tarError(() => readTar(doubled))).toContain('twice');
  });

  it('enforces entry-count and entry-size limits', () => {
    expect(tarError(() => readTar(tar, { maxEntries: 3 }))).toContain('more than 3 entries');
    expect(tarError(() => readTar(tar, { maxEntryBytes: 1000 }))).toContain('larger than 1000 bytes');
  });
});
