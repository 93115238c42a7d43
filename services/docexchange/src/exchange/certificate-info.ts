/**
 * What the CMS code needs from an X.509 certificate: the exact issuer Name and serial INTEGER
 * bytes (for IssuerAndSerialNumber), the public key as a Node KeyObject, key usage, and the
 * subject's CN/OU/O decoded from the DER (the OU of an agency seal certificate is its code).
 */
import { X509Certificate, createPublicKey, type KeyObject } from 'node:crypto';
import { readCertificate, type KeyUsageName } from '@yizhan/core';
import { Tag, children, content, expect, oidOf, raw, readNode, readRoot, seq } from './asn1';
import { OID } from './oids';
import { BoundedMemo } from './parse-cache';

export interface CertInfo {
  pem: string;
  der: Buffer;
  /** DER of IssuerAndSerialNumber: the issuer Name and serial INTEGER exactly as in the certificate. */
  issuerAndSerialDer: Buffer;
  issuerNameDer: Buffer;
  /** The serial number INTEGER element as in the certificate. */
  serialDer: Buffer;
  serialHex: string;
  subjectKeyIdentifierHex?: string;
  spkiDer: Buffer;
  publicKey: KeyObject;
  keyUsage?: Set<KeyUsageName>;
  commonName?: string;
  organization?: string;
  organizationalUnit?: string;
  /** One line, e.g. "C=CN, O=…, OU=…, CN=…". */
  subject: string;
}

export function pemOfDer(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

const parsed = new BoundedMemo<Readonly<CertInfo>>(4096);

/** The facts of a certificate, parsed once per distinct PEM/DER (see parse-cache.ts). */
export function certInfo(pemOrDer: string | Buffer): Readonly<CertInfo> {
  const key = typeof pemOrDer === 'string' ? pemOrDer : `der:${pemOrDer.toString('latin1')}`;
  return parsed.get(key, () => Object.freeze(parseCertInfo(pemOrDer)));
}

function parseCertInfo(pemOrDer: string | Buffer): CertInfo {
  const facts = readCertificate(pemOrDer);
  const der = facts.der;
  const x = new X509Certificate(der);
  const publicKey = createPublicKey({ key: facts.spkiDer, format: 'der', type: 'spki' });

  const cert = readRoot(der);
  const tbs = expect(children(der, cert)[0], Tag.SEQUENCE, 'TBSCertificate');
  const fields = children(der, tbs);
  const serial = expect(fields[fields[0]?.tag === 0xa0 ? 1 : 0], Tag.INTEGER, 'serialNumber');
  const names = subjectAttributes(facts.subjectNameDer);

  return {
    pem: typeof pemOrDer === 'string' ? pemOrDer : pemOfDer(der),
    der,
    issuerAndSerialDer: Buffer.concat(seq(facts.issuerNameDer, raw(der, serial))),
    issuerNameDer: facts.issuerNameDer,
    serialDer: raw(der, serial),
    serialHex: facts.serialHex,
    subjectKeyIdentifierHex: facts.subjectKeyIdentifierHex,
    spkiDer: facts.spkiDer,
    publicKey,
    keyUsage: facts.keyUsage,
    commonName: names.get(OID.commonName),
    organization: names.get(OID.organizationName),
    organizationalUnit: names.get(OID.organizationalUnitName),
    subject: x.subject.split('\n').join(', '),
  };
}

/** First value of each attribute type in a Name. */
function subjectAttributes(nameDer: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  for (const rdn of children(nameDer, readNode(nameDer))) {
    for (const atv of children(nameDer, rdn)) {
      const [type, value] = children(nameDer, atv);
      const key = oidOf(nameDer, type);
      if (!out.has(key) && value) out.set(key, decodeString(nameDer, value));
    }
  }
  return out;
}

function decodeString(buf: Buffer, node: ReturnType<typeof readNode>): string {
  const bytes = content(buf, node);
  if (node.tag === Tag.UTF8_STRING) return bytes.toString('utf8');
  if (node.tag === 0x1e) return Buffer.from(bytes).swap16().toString('utf16le'); // BMPString
  return bytes.toString('latin1');
}
