/**
 * The package container: a minimal, deterministic POSIX ustar archive of regular files.
 *
 * Writing: ASCII names only (the original, often Chinese, names live in the manifest), fixed
 * mode 0644, uid/gid 0, empty owner names and a fixed mtime, no directory entries — the same
 * input always gives the same bytes. GNU tar lists and extracts it.
 *
 * Reading is strict: header checksums, ustar magic, octal fields, sizes within the buffer,
 * regular files only (directories are skipped; links, devices, pax and GNU extensions are
 * refused), safe relative names, no duplicates, zero end-of-archive blocks, and limits.
 */

export interface TarEntry {
  path: string;
  bytes: Buffer;
}

export interface TarLimits {
  /** Default 1,000. */
  maxEntries?: number;
  /** Default 256 MiB. */
  maxEntryBytes?: number;
}

export class TarError extends Error {
  constructor(message: string) {
    super(`invalid package container: ${message}`);
    this.name = 'TarError';
  }
}

const BLOCK = 512;
/** 2000-01-01T00:00:00Z: fixed, and recent enough that no tar warns about an implausible date. */
export const TAR_MTIME = 946_684_800;
const MODE = 0o644;
const MAX_SIZE = 0o77777777777; // 11 octal digits: 8 GiB − 1
const PATH_RE = /^[A-Za-z0-9_][A-Za-z0-9._-]*(\/[A-Za-z0-9_][A-Za-z0-9._-]*)*$/;

/** Why a name cannot be in a package, or undefined when it can. */
export function unsafePathReason(path: string): string | undefined {
  if (path.length === 0) return 'empty name';
  if (path.startsWith('/')) return `absolute path "${path}"`;
  if (path.split('/').some((part) => part === '..' || part === '.')) return `path "${path}" contains "." or ".."`;
  if (Buffer.byteLength(path) > 255) return `path "${path.slice(0, 40)}…" is longer than 255 bytes`;
  if (!PATH_RE.test(path)) {
    return `path "${path}" has characters other than ASCII letters, digits, ".", "_", "-" and "/" separators`;
  }
  return undefined;
}

export function writeTar(entries: TarEntry[]): Buffer {
  const seen = new Set<string>();
  const blocks: Buffer[] = [];
  for (const { path, bytes } of entries) {
    const problem = unsafePathReason(path);
    if (problem) throw new TarError(problem);
    if (seen.has(path)) throw new TarError(`"${path}" appears twice`);
    seen.add(path);
    if (bytes.length > MAX_SIZE) throw new TarError(`"${path}" is too large for ustar`);
    blocks.push(header(path, bytes.length), bytes);
    const pad = (BLOCK - (bytes.length % BLOCK)) % BLOCK;
    if (pad) blocks.push(Buffer.alloc(pad));
  }
  blocks.push(Buffer.alloc(2 * BLOCK)); // end of archive
  return Buffer.concat(blocks);
}

function header(path: string, size: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  let name = path;
  let prefix = '';
  if (path.length > 100) {
    // Split at a '/' so that prefix ≤ 155 and name ≤ 100 bytes.
    const cut = path.lastIndexOf('/', 155);
    if (cut <= 0 || path.length - cut - 1 > 100) throw new TarError(`path "${path}" cannot be split into ustar prefix and name`);
    prefix = path.slice(0, cut);
    name = path.slice(cut + 1);
  }
  h.write(name, 0, 100, 'ascii');
  octal(h, 100, 8, MODE);
  octal(h, 108, 8, 0); // uid
  octal(h, 116, 8, 0); // gid
  octal(h, 124, 12, size);
  octal(h, 136, 12, TAR_MTIME);
  h.fill(0x20, 148, 156); // checksum counted as spaces
  h.write('0', 156, 'ascii'); // regular file
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  octal(h, 329, 8, 0); // devmajor
  octal(h, 337, 8, 0); // devminor
  h.write(prefix, 345, 155, 'ascii');
  const sum = checksum(h);
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

function octal(h: Buffer, offset: number, width: number, value: number): void {
  h.write(`${value.toString(8).padStart(width - 1, '0')}\0`, offset, width, 'ascii');
}

function checksum(h: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i];
  return sum;
}

export function readTar(tar: Buffer, limits: TarLimits = {}): TarEntry[] {
  const maxEntries = limits.maxEntries ?? 1000;
  const maxEntryBytes = limits.maxEntryBytes ?? 256 * 1024 * 1024;
  if (tar.length === 0) throw new TarError('empty');
  if (tar.length % BLOCK !== 0) throw new TarError(`length ${tar.length} is not a multiple of 512 (truncated?)`);

  const entries: TarEntry[] = [];
  const seen = new Set<string>();
  let pos = 0;
  for (;;) {
    if (pos + BLOCK > tar.length) throw new TarError('truncated: no end-of-archive marker');
    const h = tar.subarray(pos, pos + BLOCK);
    if (isZero(h)) {
      if (pos + 2 * BLOCK > tar.length || !isZero(tar.subarray(pos + BLOCK, pos + 2 * BLOCK))) {
        throw new TarError('truncated: incomplete end-of-archive marker');
      }
      if (!isZero(tar.subarray(pos + 2 * BLOCK))) throw new TarError('data after the end-of-archive marker');
      return entries;
    }
    const stored = parseOctal(h, 148, 8, 'checksum');
    if (stored !== checksum(h) && stored !== signedChecksum(h)) throw new TarError(`bad header checksum at offset ${pos}`);
    if (h.toString('latin1', 257, 263) !== 'ustar\0' || h.toString('latin1', 263, 265) !== '00') {
      throw new TarError(`header at offset ${pos} is not POSIX ustar`);
    }
    const name = field(h, 0, 100);
    const prefix = field(h, 345, 155);
    const path = prefix ? `${prefix}/${name}` : name;
    const type = String.fromCharCode(h[156] || 0x30);
    const size = parseOctal(h, 124, 12, 'size');
    const dataStart = pos + BLOCK;
    const dataEnd = dataStart + size;
    if (dataEnd > tar.length) throw new TarError(`"${safeLabel(path)}" is truncated (${size} bytes declared)`);
    pos = dataStart + Math.ceil(size / BLOCK) * BLOCK;

    if (type === '5') {
      const dir = path.replace(/\/$/, '');
      const problem = unsafePathReason(dir);
      if (problem) throw new TarError(problem);
      continue;
    }
    if (type !== '0') throw new TarError(`"${safeLabel(path)}" has entry type '${safeLabel(type)}': only regular files are accepted`);
    const problem = unsafePathReason(path);
    if (problem) throw new TarError(problem);
    if (seen.has(path)) throw new TarError(`"${path}" appears twice`);
    seen.add(path);
    if (size > maxEntryBytes) throw new TarError(`"${path}" is larger than ${maxEntryBytes} bytes`);
    if (entries.length >= maxEntries) throw new TarError(`more than ${maxEntries} entries`);
    entries.push({ path, bytes: tar.subarray(dataStart, dataEnd) });
  }
}

function signedChecksum(h: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (h[i] << 24) >> 24;
  return sum;
}

function isZero(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

/** A NUL-terminated (or full-width) text field. */
function field(h: Buffer, offset: number, width: number): string {
  const raw = h.subarray(offset, offset + width);
  const nul = raw.indexOf(0);
  return raw.toString('latin1', 0, nul === -1 ? width : nul);
}

/** Octal digits, optionally space-padded, terminated by NUL or space. Base-256 is refused. */
function parseOctal(h: Buffer, offset: number, width: number, what: string): number {
  if (h[offset] & 0x80) throw new TarError(`base-256 ${what} field is not supported`);
  const text = field(h, offset, width).trim();
  if (!/^[0-7]{1,12}$/.test(text)) throw new TarError(`unreadable ${what} field "${safeLabel(text)}"`);
  return parseInt(text, 8);
}

function safeLabel(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?').slice(0, 120);
}
