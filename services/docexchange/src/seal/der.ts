/**
 * Just enough DER reading to take a CMS SignedData and a certificate apart while keeping the
 * exact bytes (signed attributes and names are verified as they were signed).
 */

export interface DerElement {
  tag: number;
  start: number;
  contentStart: number;
  end: number;
}

export function readElement(buf: Uint8Array, offset = 0, limit = buf.length): DerElement {
  if (offset + 2 > limit) throw new Error('DER: truncated element');
  const tag = buf[offset];
  if ((tag & 0x1f) === 0x1f) throw new Error('DER: high tag numbers are not supported');
  let pos = offset + 1;
  const first = buf[pos++];
  let length = first;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4) throw new Error('DER: unsupported length');
    if (pos + count > limit) throw new Error('DER: truncated length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buf[pos++];
  }
  if (pos + length > limit) throw new Error('DER: element runs past its container');
  return { tag, start: offset, contentStart: pos, end: pos + length };
}

export function children(buf: Uint8Array, parent: DerElement): DerElement[] {
  const out: DerElement[] = [];
  for (let pos = parent.contentStart; pos < parent.end;) {
    const child = readElement(buf, pos, parent.end);
    out.push(child);
    pos = child.end;
  }
  return out;
}

export function expect(el: DerElement | undefined, tag: number, what: string): DerElement {
  if (!el || el.tag !== tag) throw new Error(`DER: expected ${what}`);
  return el;
}

export const bytesOf = (buf: Uint8Array, el: DerElement) => Buffer.from(buf.subarray(el.start, el.end));
export const contentOf = (buf: Uint8Array, el: DerElement) => Buffer.from(buf.subarray(el.contentStart, el.end));

/** Dotted OID from an OBJECT IDENTIFIER's contents. */
export function oidOf(buf: Uint8Array, el: DerElement): string {
  const bytes = buf.subarray(el.contentStart, el.end);
  const parts: number[] = [];
  let value = 0;
  for (const byte of bytes) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      if (parts.length === 0) parts.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

export const TAG = { INTEGER: 0x02, OCTET_STRING: 0x04, OID: 0x06, SEQUENCE: 0x30, SET: 0x31, UTC_TIME: 0x17, GENERALIZED_TIME: 0x18 } as const;
export const context = (n: number, constructed = true) => 0x80 | (constructed ? 0x20 : 0) | n;

export function timeOf(buf: Uint8Array, el: DerElement): Date {
  const s = Buffer.from(buf.subarray(el.contentStart, el.end)).toString('latin1');
  const m = /^(\d{2}|\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.\d+)?Z$/.exec(s);
  if (!m) throw new Error(`DER: unsupported time ${s}`);
  let year = Number(m[1]);
  if (el.tag === TAG.UTC_TIME) year += year < 50 ? 2000 : 1900;
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)));
}

/** Issuer Name and serialNumber of a certificate, as exact DER (for IssuerAndSerialNumber). */
export function issuerAndSerial(certDer: Uint8Array): { issuer: Buffer; serial: Buffer } {
  const cert = expect(readElement(certDer), TAG.SEQUENCE, 'Certificate');
  const tbs = expect(children(certDer, cert)[0], TAG.SEQUENCE, 'TBSCertificate');
  const fields = children(certDer, tbs);
  let i = fields[0]?.tag === context(0) ? 1 : 0;
  const serial = expect(fields[i++], TAG.INTEGER, 'serialNumber');
  i++; // signature algorithm
  const issuer = expect(fields[i], TAG.SEQUENCE, 'issuer');
  return { issuer: bytesOf(certDer, issuer), serial: bytesOf(certDer, serial) };
}
