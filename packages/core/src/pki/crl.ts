/**
 * X.509 v2 certificate revocation lists (RFC 5280 §5). node-forge has no CRL support, so the
 * TBSCertList is laid out with forge.asn1 and signed with Node's crypto; reading is done on the
 * raw DER so the signed bytes are verified exactly as they came.
 */
import { createPublicKey, verify } from 'node:crypto';
import forge from 'node-forge';
import {
  DerTag,
  contentBytes,
  contextTag,
  decodeOid,
  decodeTime,
  derToPem,
  elementBytes,
  encodeElement,
  encodeTime,
  expectTag,
  fromForgeAsn1,
  pemToDer,
  readChildren,
  readElement,
  toForgeAsn1,
} from './der';
import type { IssuerOptions } from './certificates';
import { assertUsableSerial, integerContentToHex, normalizeSerialHex, positiveIntegerContent } from './serial';
import { assertKeyPairsWith, rsaPrivateKey, sha256WithRsaAlgorithm, signSha256Rsa } from './signing';
import { keyIdentifierOf, readCertificate } from './x509-reader';

/** CRLReason (RFC 5280 §5.3.1); value 7 is unused. */
export const REVOCATION_REASONS = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  removeFromCRL: 8,
  privilegeWithdrawn: 9,
  aACompromise: 10,
} as const;
export type CrlReason = keyof typeof REVOCATION_REASONS;

export interface RevokedCertificate {
  serialHex: string;
  revokedAt: Date;
  reason?: CrlReason;
}

export interface CreateCrlOptions extends IssuerOptions {
  revoked: RevokedCertificate[];
  /** Monotonically increasing per issuer (the caller keeps the counter). */
  crlNumber: number | bigint;
  /** Defaults to now. */
  thisUpdate?: Date;
  nextUpdate: Date;
}

export interface ParsedCrl {
  der: Buffer;
  tbsDer: Buffer;
  issuerNameDer: Buffer;
  thisUpdate: Date;
  nextUpdate?: Date;
  crlNumber?: bigint;
  authorityKeyIdentifierHex?: string;
  entries: RevokedCertificate[];
  signatureAlgorithmOid: string;
  signature: Buffer;
}

const OID_CRL_NUMBER = '2.5.29.20';
const OID_REASON_CODE = '2.5.29.21';
const OID_AUTHORITY_KEY_IDENTIFIER = '2.5.29.35';
const HASH_FOR_RSA_SIGNATURE: Record<string, string> = {
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};

const { Class, Type } = forge.asn1;
const asn1 = forge.asn1.create;
const raw = (der: Buffer) => toForgeAsn1(der);

function extension(oid: string, valueDer: Buffer): forge.asn1.Asn1 {
  return asn1(Class.UNIVERSAL, Type.SEQUENCE, true, [
    asn1(Class.UNIVERSAL, Type.OID, false, forge.asn1.oidToDer(oid).getBytes()),
    asn1(Class.UNIVERSAL, Type.OCTETSTRING, false, valueDer.toString('binary')),
  ]);
}

function integer(hex: string): forge.asn1.Asn1 {
  return asn1(Class.UNIVERSAL, Type.INTEGER, false, positiveIntegerContent(hex).toString('binary'));
}

export function createCrl(opts: CreateCrlOptions): string {
  const issuer = readCertificate(opts.issuerCertPem);
  if (issuer.keyUsage && !issuer.keyUsage.has('cRLSign')) throw new Error('issuer certificate lacks keyUsage cRLSign');
  const privateKey = rsaPrivateKey(opts.issuerKeyPem);
  assertKeyPairsWith(privateKey, issuer.spkiDer);

  const thisUpdate = opts.thisUpdate ?? new Date();
  if (opts.nextUpdate <= thisUpdate) throw new Error('CRL nextUpdate must be after thisUpdate');
  const crlNumber = BigInt(opts.crlNumber);
  if (crlNumber < 0n) throw new Error('CRL number must not be negative');
  const crlNumberContent = positiveIntegerContent(crlNumber.toString(16));
  if (crlNumberContent.length > 20) throw new Error('CRL number longer than 20 octets (RFC 5280)');

  const seen = new Set<string>();
  const entries = opts.revoked.map((r) => {
    const serial = assertUsableSerial(r.serialHex);
    if (seen.has(serial)) throw new Error(`serial ${serial} is listed twice in the CRL`);
    seen.add(serial);
    const fields = [integer(serial), encodeTime(r.revokedAt)];
    // RFC 5280 §5.3.1: omit reasonCode rather than write "unspecified".
    if (r.reason && r.reason !== 'unspecified') {
      const code = REVOCATION_REASONS[r.reason];
      if (code === undefined) throw new Error(`unknown revocation reason "${r.reason}"`);
      const enumerated = encodeElement(DerTag.ENUMERATED, Buffer.from([code]));
      fields.push(asn1(Class.UNIVERSAL, Type.SEQUENCE, true, [extension(OID_REASON_CODE, enumerated)]));
    }
    return asn1(Class.UNIVERSAL, Type.SEQUENCE, true, fields);
  });

  const akiDer = encodeElement(DerTag.SEQUENCE, encodeElement(contextTag(0, false), keyIdentifierOf(issuer)));
  const crlNumberDer = encodeElement(DerTag.INTEGER, crlNumberContent);
  const tbs = asn1(Class.UNIVERSAL, Type.SEQUENCE, true, [
    asn1(Class.UNIVERSAL, Type.INTEGER, false, String.fromCharCode(1)), // v2
    sha256WithRsaAlgorithm(),
    raw(issuer.subjectNameDer), // exactly the issuer's subject, so verifiers match the names
    encodeTime(thisUpdate),
    encodeTime(opts.nextUpdate),
    // An empty revokedCertificates must be absent, not an empty SEQUENCE.
    ...(entries.length ? [asn1(Class.UNIVERSAL, Type.SEQUENCE, true, entries)] : []),
    asn1(Class.CONTEXT_SPECIFIC, 0, true, [
      asn1(Class.UNIVERSAL, Type.SEQUENCE, true, [
        extension(OID_AUTHORITY_KEY_IDENTIFIER, akiDer),
        extension(OID_CRL_NUMBER, crlNumberDer),
      ]),
    ]),
  ]);
  const tbsDer = fromForgeAsn1(tbs);
  const signature = signSha256Rsa(tbsDer, privateKey);
  const crlDer = encodeElement(
    DerTag.SEQUENCE,
    Buffer.concat([
      tbsDer,
      fromForgeAsn1(sha256WithRsaAlgorithm()),
      encodeElement(DerTag.BIT_STRING, Buffer.concat([Buffer.from([0]), signature])),
    ]),
  );
  return derToPem(crlDer, 'X509 CRL');
}

export function parseCrl(crlPemOrDer: string | Buffer): ParsedCrl {
  const der = typeof crlPemOrDer === 'string' ? pemToDer(crlPemOrDer, 'X509 CRL') : crlPemOrDer;
  const list = expectTag(readElement(der), DerTag.SEQUENCE, 'CertificateList');
  const [tbs, alg, sig] = readChildren(der, list);
  expectTag(tbs, DerTag.SEQUENCE, 'TBSCertList');
  const [algOid] = readChildren(der, expectTag(alg, DerTag.SEQUENCE, 'signatureAlgorithm'));
  const sigBits = contentBytes(der, expectTag(sig, DerTag.BIT_STRING, 'signatureValue'));

  const fields = readChildren(der, tbs);
  let i = fields[0]?.tag === DerTag.INTEGER ? 1 : 0; // version is absent in v1 CRLs
  i++; // signature AlgorithmIdentifier
  const issuer = expectTag(fields[i++], DerTag.SEQUENCE, 'issuer Name');
  const thisUpdate = decodeTime(der, fields[i++]);
  let nextUpdate: Date | undefined;
  if (fields[i] && (fields[i].tag === DerTag.UTC_TIME || fields[i].tag === DerTag.GENERALIZED_TIME)) {
    nextUpdate = decodeTime(der, fields[i++]);
  }
  const parsed: ParsedCrl = {
    der,
    tbsDer: elementBytes(der, tbs),
    issuerNameDer: elementBytes(der, issuer),
    thisUpdate,
    nextUpdate,
    entries: [],
    signatureAlgorithmOid: decodeOid(der, algOid),
    signature: sigBits.subarray(1),
  };
  if (fields[i]?.tag === DerTag.SEQUENCE) {
    for (const entry of readChildren(der, fields[i++])) {
      const [serial, date, exts] = readChildren(der, entry);
      const revoked: RevokedCertificate = {
        serialHex: integerContentToHex(contentBytes(der, expectTag(serial, DerTag.INTEGER, 'userCertificate'))),
        revokedAt: decodeTime(der, date),
      };
      for (const [oid, value] of exts ? readExtensions(der, exts) : []) {
        if (oid === OID_REASON_CODE) {
          const code = contentBytes(value, expectTag(readElement(value), DerTag.ENUMERATED, 'CRLReason'))[0];
          const name = (Object.keys(REVOCATION_REASONS) as CrlReason[]).find((k) => REVOCATION_REASONS[k] === code);
          if (name) revoked.reason = name;
        }
      }
      parsed.entries.push(revoked);
    }
  }
  if (fields[i]?.tag === contextTag(0, true)) {
    const [list] = readChildren(der, fields[i]);
    for (const [oid, value] of readExtensions(der, list)) {
      if (oid === OID_CRL_NUMBER) {
        parsed.crlNumber = BigInt(`0x${integerContentToHex(contentBytes(value, readElement(value)))}`);
      }
      if (oid === OID_AUTHORITY_KEY_IDENTIFIER) {
        const keyId = readChildren(value, readElement(value)).find((c) => c.tag === contextTag(0, false));
        if (keyId) parsed.authorityKeyIdentifierHex = contentBytes(value, keyId).toString('hex');
      }
    }
  }
  return parsed;
}

function readExtensions(der: Buffer, seq: ReturnType<typeof readElement>): Array<[string, Buffer]> {
  return readChildren(der, expectTag(seq, DerTag.SEQUENCE, 'Extensions')).map((ext) => {
    const parts = readChildren(der, ext);
    const oid = decodeOid(der, expectTag(parts[0], DerTag.OID, 'extnID'));
    const value = expectTag(parts[parts.length - 1], DerTag.OCTET_STRING, 'extnValue');
    return [oid, Buffer.from(contentBytes(der, value))];
  });
}

/** Serials listed in the CRL, in canonical hex (see serial.ts). */
export function parseCrlSerials(crlPem: string): string[] {
  return parseCrl(crlPem).entries.map((e) => e.serialHex);
}

/** True when the CRL names this issuer and its signature verifies with the issuer's key. */
export function verifyCrlSignature(crl: string | ParsedCrl, issuerCertPem: string): boolean {
  const parsed = typeof crl === 'string' ? parseCrl(crl) : crl;
  const issuer = readCertificate(issuerCertPem);
  if (!parsed.issuerNameDer.equals(issuer.subjectNameDer)) return false;
  const hash = HASH_FOR_RSA_SIGNATURE[parsed.signatureAlgorithmOid];
  if (!hash) return false;
  const key = createPublicKey({ key: issuer.spkiDer, format: 'der', type: 'spki' });
  return verify(hash, parsed.tbsDer, key, parsed.signature);
}

/**
 * Whether the CRL lists this certificate: same issuer Name and serial. Does not check the CRL's
 * signature — verifyChain does, with the issuer certificate in hand.
 */
export function isRevoked(certPem: string, crlPem: string): boolean {
  const cert = readCertificate(certPem);
  const crl = parseCrl(crlPem);
  if (!crl.issuerNameDer.equals(cert.issuerNameDer)) return false;
  const serial = normalizeSerialHex(cert.serialHex);
  return crl.entries.some((e) => e.serialHex === serial);
}

