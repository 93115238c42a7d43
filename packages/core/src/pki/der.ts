/**
 * Minimal DER reading and PEM framing, plus the bridge to node-forge's ASN.1 objects.
 *
 * We slice exact bytes (a TBSCertificate, an issuer Name) out of DER instead of re-encoding
 * parsed values: forge decodes UTF8String names to raw bytes and would double-encode them on the
 * way back, and a signature only verifies over the bytes that were signed.
 */
import forge from 'node-forge';

export interface DerElement {
  /** The identifier octet (class, constructed bit and tag number in one byte). */
  tag: number;
  start: number;
  /** Offset of the contents (after tag and length). */
  contentStart: number;
  end: number;
}

export const DerTag = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  ENUMERATED: 0x0a,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** Context-specific tag byte: `[n]`, constructed or primitive. */
export function contextTag(n: number, constructed: boolean): number {
  return 0x80 | (constructed ? 0x20 : 0) | n;
}

export function readElement(buf: Buffer, offset = 0, limit = buf.length): DerElement {
  if (offset + 2 > limit) throw new Error('DER: truncated element');
  const tag = buf[offset];
  if ((tag & 0x1f) === 0x1f) throw new Error('DER: high tag numbers are not supported');
  let pos = offset + 1;
  const first = buf[pos++];
  let length: number;
  if (first < 0x80) {
    length = first;
  } else {
    const count = first & 0x7f;
    if (count === 0) throw new Error('DER: indefinite length is not DER');
    if (count > 4) throw new Error('DER: length too large');
    if (pos + count > limit) throw new Error('DER: truncated length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buf[pos++];
  }
  const end = pos + length;
  if (end > limit) throw new Error('DER: element runs past its container');
  return { tag, start: offset, contentStart: pos, end };
}

/** The elements directly inside a constructed element. */
export function readChildren(buf: Buffer, parent: DerElement): DerElement[] {
  const children: DerElement[] = [];
  let pos = parent.contentStart;
  while (pos < parent.end) {
    const child = readElement(buf, pos, parent.end);
    children.push(child);
    pos = child.end;
  }
  return children;
}

export function elementBytes(buf: Buffer, el: DerElement): Buffer {
  return buf.subarray(el.start, el.end);
}

export function contentBytes(buf: Buffer, el: DerElement): Buffer {
  return buf.subarray(el.contentStart, el.end);
}

export function expectTag(el: DerElement | undefined, tag: number, what: string): DerElement {
  if (!el || el.tag !== tag) throw new Error(`DER: expected ${what}`);
  return el;
}

/** The DER inside the first PEM block with this label (e.g. CERTIFICATE, X509 CRL). */
export function pemToDer(pem: string, label: string): Buffer {
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`);
  const match = re.exec(pem);
  if (!match) throw new Error(`PEM: no "${label}" block found`);
  return Buffer.from(match[1].replace(/\s+/g, ''), 'base64');
}

export function derToPem(der: Buffer, label: string): string {
  const b64 = der.toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

export function toForgeAsn1(der: Buffer): forge.asn1.Asn1 {
  return forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary')));
}

export function fromForgeAsn1(obj: forge.asn1.Asn1): Buffer {
  return Buffer.from(forge.asn1.toDer(obj).getBytes(), 'binary');
}

/** A DER TLV built from raw contents (for the few places forge's helpers do not fit). */
export function encodeElement(tag: number, content: Buffer): Buffer {
  const len = content.length;
  let header: number[];
  if (len < 0x80) header = [tag, len];
  else {
    const bytes: number[] = [];
    for (let n = len; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
    header = [tag, 0x80 | bytes.length, ...bytes];
  }
  return Buffer.concat([Buffer.from(header), content]);
}

export function decodeOid(buf: Buffer, el: DerElement): string {
  return forge.asn1.derToOid(contentBytes(buf, el).toString('binary'));
}

/** UTCTime or GeneralizedTime (RFC 5280 profile: whole seconds, Z). */
export function decodeTime(buf: Buffer, el: DerElement): Date {
  const text = contentBytes(buf, el).toString('latin1');
  if (el.tag === DerTag.UTC_TIME) return forge.asn1.utcTimeToDate(text);
  if (el.tag === DerTag.GENERALIZED_TIME) return forge.asn1.generalizedTimeToDate(text);
  throw new Error('DER: expected a Time');
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
export function encodeTime(date: Date): forge.asn1.Asn1 {
  const { Class, Type } = forge.asn1;
  return date.getUTCFullYear() < 2050
    ? forge.asn1.create(Class.UNIVERSAL, Type.UTCTIME, false, forge.asn1.dateToUtcTime(date))
    : forge.asn1.create(Class.UNIVERSAL, Type.GENERALIZEDTIME, false, forge.asn1.dateToGeneralizedTime(date));
}
