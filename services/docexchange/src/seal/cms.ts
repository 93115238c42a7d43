/**
 * CMS SignedData for PAdES (ETSI.CAdES.detached): detached content, SHA-256, signed attributes
 * contentType, signingTime, messageDigest and ESS signingCertificateV2 (RFC 5035), which
 * node-forge's pkcs7 signer cannot add. forge.asn1 lays the structure out; Node's crypto signs
 * the DER of the signed attributes (as a SET OF). Reading goes over the raw DER so the signed
 * bytes are verified exactly as received.
 */
import { createHash } from 'node:crypto';
import forge from 'node-forge';
import { bytesOf, children, context, contentOf, expect, issuerAndSerial, oidOf, readElement, TAG, timeOf } from './der';

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  sha384WithRsa: '1.2.840.113549.1.1.12',
  sha512WithRsa: '1.2.840.113549.1.1.13',
} as const;

export const HASH_BY_OID: Record<string, string> = {
  [OID.sha256]: 'sha256',
  [OID.sha384]: 'sha384',
  [OID.sha512]: 'sha512',
};

const { Class, Type } = forge.asn1;
type Asn1 = forge.asn1.Asn1;
const seq = (items: Asn1[]) => forge.asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, items);
const set = (items: Asn1[]) => forge.asn1.create(Class.UNIVERSAL, Type.SET, true, items);
const oid = (dotted: string) => forge.asn1.create(Class.UNIVERSAL, Type.OID, false, forge.asn1.oidToDer(dotted).getBytes());
const int = (n: number) => forge.asn1.create(Class.UNIVERSAL, Type.INTEGER, false, String.fromCharCode(n));
const octets = (bytes: Buffer) => forge.asn1.create(Class.UNIVERSAL, Type.OCTETSTRING, false, bytes.toString('binary'));
const nul = () => forge.asn1.create(Class.UNIVERSAL, Type.NULL, false, '');
const explicit = (n: number, items: Asn1[]) => forge.asn1.create(Class.CONTEXT_SPECIFIC, n, true, items);
/** Embeds existing DER (certificates, names) as is: BIT STRINGs are not decoded, so they re-encode byte for byte. */
const fromDer = forge.asn1.fromDer as unknown as (bytes: forge.util.ByteStringBuffer, options: { strict: boolean; decodeBitStrings: boolean }) => Asn1;
const raw = (der: Buffer) => fromDer(forge.util.createBuffer(der.toString('binary')), { strict: true, decodeBitStrings: false });
const der = (obj: Asn1) => Buffer.from(forge.asn1.toDer(obj).getBytes(), 'binary');

function time(date: Date): Asn1 {
  return date.getUTCFullYear() < 2050 && date.getUTCFullYear() >= 1950
    ? forge.asn1.create(Class.UNIVERSAL, Type.UTCTIME, false, forge.asn1.dateToUtcTime(date))
    : forge.asn1.create(Class.UNIVERSAL, Type.GENERALIZEDTIME, false, forge.asn1.dateToGeneralizedTime(date));
}

function attribute(type: string, value: Asn1): Asn1 {
  return seq([oid(type), set([value])]);
}

export interface SignedDataInput {
  /** SHA-256 of the signed byte ranges. */
  digest: Buffer;
  signingTime: Date;
  /** DER certificates: the signer's first, then the intermediates. */
  certificates: Buffer[];
  /** Signs the DER of the signed attributes (sha256WithRSA, PKCS#1 v1.5). */
  sign: (signedAttributes: Buffer) => Buffer;
}

export function buildSignedData(input: SignedDataInput): Buffer {
  const [leaf] = input.certificates;
  const { issuer, serial } = issuerAndSerial(leaf);
  const essCertId = seq([
    octets(createHash('sha256').update(leaf).digest()), // hashAlgorithm omitted: sha256 is the default
    seq([seq([explicit(4, [raw(issuer)])]), raw(serial)]),
  ]);
  const attributes = [
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.signingTime, time(input.signingTime)),
    attribute(OID.messageDigest, octets(input.digest)),
    attribute(OID.signingCertificateV2, seq([seq([essCertId])])),
  ]
    // DER orders a SET OF by the encodings of its elements.
    .map((a) => ({ a, bytes: der(a) }))
    .sort((x, y) => Buffer.compare(x.bytes, y.bytes))
    .map((x) => x.a);
  const signature = input.sign(der(set(attributes)));
  const sha256Algorithm = seq([oid(OID.sha256)]);

  const signerInfo = seq([
    int(1),
    seq([raw(issuer), raw(serial)]),
    sha256Algorithm,
    forge.asn1.create(Class.CONTEXT_SPECIFIC, 0, true, attributes), // [0] IMPLICIT SET OF Attribute
    seq([oid(OID.rsaEncryption), nul()]),
    octets(signature),
  ]);
  const signedData = seq([
    int(1),
    set([seq([oid(OID.sha256)])]),
    seq([oid(OID.data)]),
    forge.asn1.create(Class.CONTEXT_SPECIFIC, 0, true, input.certificates.map(raw)), // [0] IMPLICIT SET OF Certificate
    set([signerInfo]),
  ]);
  return der(seq([oid(OID.signedData), explicit(0, [signedData])]));
}

export interface ParsedSignerInfo {
  digestAlgorithm: string;
  /** The signed attributes re-tagged as SET OF — the bytes the signature covers. */
  signedAttributes?: Buffer;
  messageDigest?: Buffer;
  contentType?: string;
  signingTime?: Date;
  /** certHash values of signingCertificateV2 (with their hash algorithm). */
  essCertHashes: { algorithm: string; hash: Buffer }[];
  signatureAlgorithm: string;
  signature: Buffer;
  sid: { issuer: Buffer; serial: Buffer } | { subjectKeyIdentifier: Buffer };
}

export interface ParsedSignedData {
  /** DER of the embedded certificates. */
  certificates: Buffer[];
  signerInfos: ParsedSignerInfo[];
  /** Length of the DER (the /Contents placeholder is padded with zeros after it). */
  length: number;
}

export function parseSignedData(bytes: Uint8Array): ParsedSignedData {
  const outer = expect(readElement(bytes), TAG.SEQUENCE, 'ContentInfo');
  const [type, content] = children(bytes, outer);
  if (oidOf(bytes, expect(type, TAG.OID, 'contentType')) !== OID.signedData) throw new Error('CMS: not SignedData');
  const sd = expect(children(bytes, expect(content, context(0), '[0] content'))[0], TAG.SEQUENCE, 'SignedData');
  const fields = children(bytes, sd);
  let i = 3; // version, digestAlgorithms, encapContentInfo
  const encap = children(bytes, expect(fields[2], TAG.SEQUENCE, 'EncapsulatedContentInfo'));
  if (encap.length > 1) throw new Error('CMS: content is not detached');
  const certificates: Buffer[] = [];
  if (fields[i]?.tag === context(0)) {
    for (const c of children(bytes, fields[i])) if (c.tag === TAG.SEQUENCE) certificates.push(bytesOf(bytes, c));
    i++;
  }
  if (fields[i]?.tag === context(1)) i++; // CRLs
  const signerInfos = children(bytes, expect(fields[i], TAG.SET, 'signerInfos')).map((si) => parseSignerInfo(bytes, si));
  return { certificates, signerInfos, length: outer.end };
}

function parseSignerInfo(bytes: Uint8Array, si: ReturnType<typeof readElement>): ParsedSignerInfo {
  const f = children(bytes, expect(si, TAG.SEQUENCE, 'SignerInfo'));
  let i = 1;
  const sidEl = f[i++];
  let sid: ParsedSignerInfo['sid'];
  if (sidEl.tag === TAG.SEQUENCE) {
    const [issuer, serial] = children(bytes, sidEl);
    sid = { issuer: bytesOf(bytes, issuer), serial: bytesOf(bytes, serial) };
  } else {
    sid = { subjectKeyIdentifier: contentOf(bytes, expect(sidEl, context(0, false), 'subjectKeyIdentifier')) };
  }
  const digestAlgorithm = oidOf(bytes, children(bytes, f[i++])[0]);
  const out: ParsedSignerInfo = { digestAlgorithm, essCertHashes: [], signatureAlgorithm: '', signature: Buffer.alloc(0), sid };
  if (f[i]?.tag === context(0)) {
    const attrs = f[i++];
    const setBytes = bytesOf(bytes, attrs);
    setBytes[0] = TAG.SET;
    out.signedAttributes = setBytes;
    for (const attr of children(bytes, attrs)) {
      const [typeEl, valuesEl] = children(bytes, attr);
      const value = children(bytes, valuesEl)[0];
      switch (oidOf(bytes, typeEl)) {
        case OID.messageDigest:
          out.messageDigest = contentOf(bytes, value);
          break;
        case OID.contentType:
          out.contentType = oidOf(bytes, value);
          break;
        case OID.signingTime:
          out.signingTime = timeOf(bytes, value);
          break;
        case OID.signingCertificateV2:
          for (const certId of children(bytes, children(bytes, value)[0])) {
            const parts = children(bytes, certId);
            const hasAlgorithm = parts[0].tag === TAG.SEQUENCE;
            out.essCertHashes.push({
              algorithm: hasAlgorithm ? oidOf(bytes, children(bytes, parts[0])[0]) : OID.sha256,
              hash: contentOf(bytes, parts[hasAlgorithm ? 1 : 0]),
            });
          }
          break;
      }
    }
  }
  out.signatureAlgorithm = oidOf(bytes, children(bytes, f[i++])[0]);
  out.signature = contentOf(bytes, expect(f[i], TAG.OCTET_STRING, 'signature'));
  return out;
}
