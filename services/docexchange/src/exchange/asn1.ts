/**
 * ASN.1 for CMS on Buffers: a BER reader (CMS from other producers may use indefinite lengths
 * and constructed OCTET STRINGs) and a DER writer that builds chunk lists, so a 100 MB
 * ciphertext is copied once into the final Buffer instead of once per nesting level.
 *
 * node-forge is used for OID text ↔ bytes only: its ASN.1 objects hold binary strings and are
 * far too slow and memory-hungry for package-sized content.
 */
import forge from 'node-forge';

export class Asn1Error extends Error {
  constructor(message: string) {
    super(`malformed ASN.1: ${message}`);
    this.name = 'Asn1Error';
  }
}

export const Tag = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** Context-specific tag `[n]`. */
export function ctx(n: number, constructed: boolean): number {
  return 0x80 | (constructed ? 0x20 : 0) | n;
}

// ---------------------------------------------------------------- reading

export interface Node {
  tag: number;
  start: number;
  /** Offset of the contents. */
  contentStart: number;
  /** End of the contents (before the end-of-contents octets of an indefinite length). */
  contentEnd: number;
  /** End of the whole element. */
  end: number;
  constructed: boolean;
}

const MAX_DEPTH = 48;

export function readNode(buf: Buffer, offset = 0, limit = buf.length, depth = 0): Node {
  if (depth > MAX_DEPTH) throw new Asn1Error('nesting too deep');
  if (offset + 2 > limit) throw new Asn1Error('truncated element');
  const tag = buf[offset];
  if ((tag & 0x1f) === 0x1f) throw new Asn1Error('high tag numbers are not supported');
  const constructed = (tag & 0x20) !== 0;
  let pos = offset + 1;
  const first = buf[pos++];
  if (first === 0x80) {
    if (!constructed) throw new Asn1Error('indefinite length on a primitive element');
    // Walk the children up to the end-of-contents octets.
    let p = pos;
    for (;;) {
      if (p + 2 > limit) throw new Asn1Error('indefinite-length element without end-of-contents');
      if (buf[p] === 0 && buf[p + 1] === 0) break;
      p = readNode(buf, p, limit, depth + 1).end;
    }
    return { tag, start: offset, contentStart: pos, contentEnd: p, end: p + 2, constructed };
  }
  let length: number;
  if (first < 0x80) length = first;
  else {
    const count = first & 0x7f;
    if (count > 4) throw new Asn1Error('length too large');
    if (pos + count > limit) throw new Asn1Error('truncated length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buf[pos++];
  }
  const end = pos + length;
  if (end > limit) throw new Asn1Error('element runs past its container (truncated?)');
  return { tag, start: offset, contentStart: pos, contentEnd: end, end, constructed };
}

/** Reads the single top-level element and refuses trailing bytes. */
export function readRoot(buf: Buffer): Node {
  const root = readNode(buf);
  if (root.end !== buf.length) throw new Asn1Error(`${buf.length - root.end} bytes after the end of the structure`);
  return root;
}

export function children(buf: Buffer, parent: Node | undefined, depth = 0): Node[] {
  if (!parent) throw new Asn1Error('missing element');
  if (!parent.constructed) throw new Asn1Error('expected a constructed element');
  const out: Node[] = [];
  for (let pos = parent.contentStart; pos < parent.contentEnd;) {
    const child = readNode(buf, pos, parent.contentEnd, depth + 1);
    out.push(child);
    pos = child.end;
  }
  return out;
}

export function expect(node: Node | undefined, tag: number, what: string): Node {
  if (!node) throw new Asn1Error(`missing ${what}`);
  if (node.tag !== tag) {
    throw new Asn1Error(`expected ${what} (tag 0x${tag.toString(16)}), found tag 0x${node.tag.toString(16)}`);
  }
  return node;
}

export function raw(buf: Buffer, node: Node | undefined): Buffer {
  if (!node) throw new Asn1Error('missing element');
  return buf.subarray(node.start, node.end);
}

export function content(buf: Buffer, node: Node | undefined): Buffer {
  if (!node) throw new Asn1Error('missing element');
  return buf.subarray(node.contentStart, node.contentEnd);
}

/**
 * The octets of an OCTET STRING (under any tag, e.g. `[0] IMPLICIT`): the contents when
 * primitive (no copy), or the concatenated segments when constructed (BER).
 */
export function octets(buf: Buffer, node: Node, depth = 0): Buffer {
  if (!node.constructed) return content(buf, node);
  if (depth > 8) throw new Asn1Error('constructed OCTET STRING nested too deep');
  const parts = children(buf, node).map((c) => octets(buf, expect(c, Tag.OCTET_STRING, 'OCTET STRING segment'), depth + 1));
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}

export function oidOf(buf: Buffer, node: Node | undefined): string {
  expect(node, Tag.OID, 'OBJECT IDENTIFIER');
  return forge.asn1.derToOid(content(buf, node).toString('binary'));
}

export function smallInt(buf: Buffer, node: Node | undefined, what: string): number {
  const c = content(buf, expect(node, Tag.INTEGER, what));
  if (c.length === 0 || c.length > 4 || c[0] & 0x80) throw new Asn1Error(`${what} is not a small non-negative INTEGER`);
  return c.readUIntBE(0, c.length);
}

/** UTCTime or GeneralizedTime in the RFC 5280 form (whole seconds, Z). */
export function timeOf(buf: Buffer, node: Node | undefined): Date {
  if (!node) throw new Asn1Error('missing time');
  const text = content(buf, node).toString('latin1');
  const m =
    node.tag === Tag.UTC_TIME
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
      : node.tag === Tag.GENERALIZED_TIME
        ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
        : null;
  if (!m) throw new Asn1Error(`unreadable time "${text}"`);
  let year = Number(m[1]);
  if (node.tag === Tag.UTC_TIME) year += year < 50 ? 2000 : 1900;
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
}

// ---------------------------------------------------------------- writing

/** A DER encoding as a list of chunks; `join` makes it one Buffer. */
export type Der = Buffer[];
type Part = Buffer | Der;

function lengthOf(parts: Part[]): number {
  let n = 0;
  for (const p of parts) n += Buffer.isBuffer(p) ? p.length : p.reduce((s, b) => s + b.length, 0);
  return n;
}

function header(tag: number, length: number): Buffer {
  if (length < 0x80) return Buffer.from([tag, length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Buffer.from([tag, 0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, ...parts: Part[]): Der {
  const out: Der = [header(tag, lengthOf(parts))];
  for (const p of parts) {
    if (Buffer.isBuffer(p)) out.push(p);
    else out.push(...p);
  }
  return out;
}

export function join(der: Part): Buffer {
  return Buffer.isBuffer(der) ? der : der.length === 1 ? der[0] : Buffer.concat(der);
}

export const seq = (...parts: Part[]) => tlv(Tag.SEQUENCE, ...parts);

/** DER SET OF: elements sorted by their encodings (X.690 §11.6). Verifiers that re-encode check this. */
export function setOf(...elements: Part[]): Der {
  const encoded = elements.map(join).sort(Buffer.compare);
  return tlv(Tag.SET, ...encoded);
}

export function oid(text: string): Der {
  return tlv(Tag.OID, Buffer.from(forge.asn1.oidToDer(text).getBytes(), 'binary'));
}

export function integer(value: number): Der {
  if (!Number.isInteger(value) || value < 0 || value > 0x7fffffff) throw new Error(`integer ${value} out of range`);
  const bytes: number[] = [];
  for (let n = value; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  if (bytes.length === 0 || bytes[0] & 0x80) bytes.unshift(0);
  return tlv(Tag.INTEGER, Buffer.from(bytes));
}

export const octetString = (b: Buffer) => tlv(Tag.OCTET_STRING, b);
export const nullValue = () => tlv(Tag.NULL);

/** AlgorithmIdentifier; `params: null` writes an explicit NULL, undefined leaves parameters absent. */
export function algorithm(oidText: string, params?: Part | null): Der {
  return params === undefined ? seq(oid(oidText)) : seq(oid(oidText), params === null ? nullValue() : params);
}

/** RFC 5280/5652: UTCTime through 2049, GeneralizedTime from 2050. */
export function time(date: Date): Der {
  const iso = new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString(); // 2026-03-01T08:00:00.000Z
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '');
  return date.getUTCFullYear() < 2050 && date.getUTCFullYear() >= 1950
    ? tlv(Tag.UTC_TIME, Buffer.from(`${digits.slice(2)}Z`, 'latin1'))
    : tlv(Tag.GENERALIZED_TIME, Buffer.from(`${digits}Z`, 'latin1'));
}
