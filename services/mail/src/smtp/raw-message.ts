/** Small operations on raw MIME bytes that do not need a full parse. */
import type { Readable } from 'node:stream';

export function headerEnd(raw: Buffer): number {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  if (crlf < 0) return lf < 0 ? raw.length : lf;
  return lf < 0 ? crlf : Math.min(crlf, lf);
}

export function hasHeader(raw: Buffer, name: string): boolean {
  const head = raw.subarray(0, headerEnd(raw)).toString('latin1');
  return new RegExp(`(^|\\n)${name}:`, 'i').test(head);
}

export function prependHeaders(raw: Buffer, lines: string[]): Buffer {
  if (lines.length === 0) return raw;
  return Buffer.concat([Buffer.from(lines.map((l) => l.replace(/\r?\n/g, '\r\n').replace(/(\r\n)?$/, '\r\n')).join(''), 'utf8'), raw]);
}

export interface ReadResult {
  raw: Buffer;
  /** More than the limit arrived; the bytes kept are not the whole message. */
  exceeded: boolean;
}

/** Reads an SMTP DATA stream; stops keeping bytes past the limit (smtp-server still drains it). */
export async function readAll(stream: Readable & { sizeExceeded?: boolean }, limit: number): Promise<ReadResult> {
  const chunks: Buffer[] = [];
  let size = 0;
  let exceeded = false;
  for await (const chunk of stream) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > limit) exceeded = true;
    else chunks.push(b);
  }
  return { raw: Buffer.concat(chunks), exceeded: exceeded || !!stream.sizeExceeded };
}

/** RFC 5322 date in UTC. */
export function rfc5322Date(d = new Date()): string {
  return d.toUTCString().replace('GMT', '+0000');
}
