/**
 * Reads the parts of an X.509 certificate that the PKI layer needs as exact bytes or plain
 * values: the raw issuer/subject Names (for issuing and CRL matching), serial, validity, key
 * identifiers, basicConstraints and keyUsage. Node's X509Certificate does signatures; this does
 * the fields it does not expose.
 */
import { createHash } from 'node:crypto';
import {
  DerTag,
  contentBytes,
  contextTag,
  decodeOid,
  decodeTime,
  elementBytes,
  expectTag,
  pemToDer,
  readChildren,
  readElement,
} from './der';
import { integerContentToHex } from './serial';

export const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;
export type KeyUsageName = (typeof KEY_USAGE_BITS)[number];

export interface CertificateFacts {
  der: Buffer;
  tbsDer: Buffer;
  serialHex: string;
  issuerNameDer: Buffer;
  subjectNameDer: Buffer;
  notBefore: Date;
  notAfter: Date;
  spkiDer: Buffer;
  subjectKeyIdentifierHex?: string;
  authorityKeyIdentifierHex?: string;
  basicConstraints?: { ca: boolean; pathLen?: number };
  keyUsage?: Set<KeyUsageName>;
}

const OID_SUBJECT_KEY_IDENTIFIER = '2.5.29.14';
const OID_KEY_USAGE = '2.5.29.15';
const OID_BASIC_CONSTRAINTS = '2.5.29.19';
const OID_AUTHORITY_KEY_IDENTIFIER = '2.5.29.35';

export function certificateDer(pemOrDer: string | Buffer): Buffer {
  return typeof pemOrDer === 'string' ? pemToDer(pemOrDer, 'CERTIFICATE') : pemOrDer;
}

export function readCertificate(pemOrDer: string | Buffer): CertificateFacts {
  const der = certificateDer(pemOrDer);
  const cert = expectTag(readElement(der), DerTag.SEQUENCE, 'Certificate');
  const [tbs] = readChildren(der, cert);
  expectTag(tbs, DerTag.SEQUENCE, 'TBSCertificate');
  const fields = readChildren(der, tbs);
  let i = fields[0]?.tag === contextTag(0, true) ? 1 : 0;
  const serial = expectTag(fields[i++], DerTag.INTEGER, 'serialNumber');
  i++; // signature AlgorithmIdentifier
  const issuer = expectTag(fields[i++], DerTag.SEQUENCE, 'issuer Name');
  const validity = expectTag(fields[i++], DerTag.SEQUENCE, 'Validity');
  const subject = expectTag(fields[i++], DerTag.SEQUENCE, 'subject Name');
  const spki = expectTag(fields[i++], DerTag.SEQUENCE, 'SubjectPublicKeyInfo');
  const [notBefore, notAfter] = readChildren(der, validity);

  const facts: CertificateFacts = {
    der,
    tbsDer: elementBytes(der, tbs),
    serialHex: integerContentToHex(contentBytes(der, serial)),
    issuerNameDer: elementBytes(der, issuer),
    subjectNameDer: elementBytes(der, subject),
    notBefore: decodeTime(der, notBefore),
    notAfter: decodeTime(der, notAfter),
    spkiDer: elementBytes(der, spki),
  };

  const extensionsWrapper = fields.slice(i).find((f) => f.tag === contextTag(3, true));
  if (extensionsWrapper) {
    const [list] = readChildren(der, extensionsWrapper);
    for (const ext of readChildren(der, expectTag(list, DerTag.SEQUENCE, 'Extensions'))) {
      const parts = readChildren(der, ext);
      const oid = decodeOid(der, expectTag(parts[0], DerTag.OID, 'extnID'));
      const valueEl = expectTag(parts[parts.length - 1], DerTag.OCTET_STRING, 'extnValue');
      readExtension(facts, oid, Buffer.from(contentBytes(der, valueEl)));
    }
  }
  return facts;
}

function readExtension(facts: CertificateFacts, oid: string, value: Buffer): void {
  const root = readElement(value);
  switch (oid) {
    case OID_SUBJECT_KEY_IDENTIFIER:
      facts.subjectKeyIdentifierHex = contentBytes(value, expectTag(root, DerTag.OCTET_STRING, 'SKI')).toString('hex');
      break;
    case OID_AUTHORITY_KEY_IDENTIFIER: {
      const keyId = readChildren(value, root).find((c) => c.tag === contextTag(0, false));
      if (keyId) facts.authorityKeyIdentifierHex = contentBytes(value, keyId).toString('hex');
      break;
    }
    case OID_BASIC_CONSTRAINTS: {
      const bc: { ca: boolean; pathLen?: number } = { ca: false };
      for (const c of readChildren(value, root)) {
        if (c.tag === DerTag.BOOLEAN) bc.ca = value[c.contentStart] !== 0;
        if (c.tag === DerTag.INTEGER) bc.pathLen = parseInt(integerContentToHex(contentBytes(value, c)), 16);
      }
      facts.basicConstraints = bc;
      break;
    }
    case OID_KEY_USAGE: {
      const bits = contentBytes(value, expectTag(root, DerTag.BIT_STRING, 'KeyUsage'));
      facts.keyUsage = new Set(
        KEY_USAGE_BITS.filter((_, bit) => {
          const byte = bits[1 + Math.floor(bit / 8)];
          return byte !== undefined && (byte & (0x80 >> bit % 8)) !== 0;
        }),
      );
      break;
    }
  }
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING contents. */
export function keyIdentifierForSpki(spkiDer: Buffer): Buffer {
  const spki = readElement(spkiDer);
  const [, bitString] = readChildren(spkiDer, spki);
  const key = contentBytes(spkiDer, expectTag(bitString, DerTag.BIT_STRING, 'subjectPublicKey')).subarray(1);
  return createHash('sha1').update(key).digest();
}

/** Key identifier of a CA certificate: its SKI extension, else computed from its key. */
export function keyIdentifierOf(facts: CertificateFacts): Buffer {
  return facts.subjectKeyIdentifierHex
    ? Buffer.from(facts.subjectKeyIdentifierHex, 'hex')
    : keyIdentifierForSpki(facts.spkiDer);
}
