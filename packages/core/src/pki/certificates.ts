/**
 * X.509 v3 certificates of the city PKI: root CA, intermediate CA, agency seal, user and server
 * certificates. node-forge lays out the TBSCertificate; Node's crypto signs it
 * (sha256WithRSAEncryption). Nothing here touches a database: callers persist the result.
 */
import { X509Certificate, createHash, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';
import { derToPem, encodeElement, fromForgeAsn1, contextTag, DerTag, toForgeAsn1 } from './der';
import { nameAttributes, type NameParts } from './names';
import { assertUsableSerial, randomSerialHex } from './serial';
import {
  SHA256_WITH_RSA_OID,
  assertKeyPairsWith,
  rsaPrivateKey,
  rsaPublicKey,
  signSha256Rsa,
  spkiDerOf,
} from './signing';
import { keyIdentifierForSpki, keyIdentifierOf, readCertificate } from './x509-reader';

/** id-kp-documentSigning (RFC 9336). */
export const DOCUMENT_SIGNING_OID = '1.3.6.1.5.5.7.3.36';

export interface IssuedCertificate {
  certPem: string;
  /** Canonical lowercase hex (see serial.ts). */
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
  /** SHA-256 of the DER, lowercase hex. */
  fingerprintSha256: string;
}

export interface IssuerOptions {
  issuerCertPem: string;
  issuerKeyPem: string;
}

interface ValidityOptions {
  validYears: number;
  /** Defaults to five minutes ago, so a verifier whose clock is slightly behind accepts it. */
  notBefore?: Date;
  /** Random 16-byte positive serial when omitted. */
  serialHex?: string;
}

export interface CertificateIssueOptions extends IssuerOptions, ValidityOptions {
  publicKeyPem: string;
  /** URL put in cRLDistributionPoints, e.g. http://pki.example.gov.cn/intermediate.crl */
  crlDistributionUrl?: string;
}

export interface RootCaOptions extends ValidityOptions {
  commonName: string;
  organization: string;
  key: { privateKeyPem: string; publicKeyPem: string };
  country?: string;
  /** basicConstraints pathLenConstraint; unlimited when omitted. */
  pathLen?: number;
}

export interface IntermediateCaOptions extends CertificateIssueOptions {
  commonName: string;
  organization: string;
  country?: string;
}

export interface AgencySealCertificateOptions extends CertificateIssueOptions {
  /** Full name, e.g. 示范市发展和改革委员会 — the CN. */
  agencyName: string;
  /** Agency code (e.g. unified social credit code) — the OU. */
  agencyCode: string;
  /** O; defaults to the agency name. */
  organization?: string;
  /** The agency's unit mailbox, put in subjectAltName when given. */
  email?: string;
}

export interface UserCertificateOptions extends CertificateIssueOptions {
  /** Person's name, e.g. 张三 — the CN. */
  userName: string;
  /** Login name — the UID attribute. */
  username: string;
  /** O. */
  agencyName: string;
  email: string;
}

export interface ServerCertificateOptions extends CertificateIssueOptions {
  /** DNS names and/or IP addresses; the first one is also the CN. */
  hostnames: string[];
  organization?: string;
}

interface Issuer {
  nameDer: Buffer | null; // null: self-signed
  keyIdentifier: Buffer | null;
  privateKey: KeyObject;
  notAfter?: Date;
}

const MINUTE = 60_000;

/** Present in node-forge, missing from @types/node-forge. */
interface ForgeTbs {
  getTBSCertificate(cert: forge.pki.Certificate): forge.asn1.Asn1;
}

export function createRootCa(opts: RootCaOptions): IssuedCertificate {
  const privateKey = rsaPrivateKey(opts.key.privateKeyPem);
  assertKeyPairsWith(privateKey, spkiDerOf(rsaPublicKey(opts.key.publicKeyPem)));
  return buildCertificate({
    subject: { commonName: opts.commonName, organization: opts.organization, country: opts.country },
    publicKeyPem: opts.key.publicKeyPem,
    issuer: { nameDer: null, keyIdentifier: null, privateKey },
    validity: opts,
    extensions: [
      { name: 'basicConstraints', critical: true, cA: true, ...(opts.pathLen === undefined ? {} : { pathLenConstraint: opts.pathLen }) },
      { name: 'keyUsage', critical: true, keyCertSign: true, cRLSign: true, digitalSignature: true },
    ],
  });
}

export function createIntermediateCa(opts: IntermediateCaOptions): IssuedCertificate {
  return buildCertificate({
    subject: { commonName: opts.commonName, organization: opts.organization, country: opts.country },
    publicKeyPem: opts.publicKeyPem,
    issuer: loadIssuer(opts, { issuingCa: true }),
    validity: opts,
    extensions: [
      { name: 'basicConstraints', critical: true, cA: true, pathLenConstraint: 0 },
      { name: 'keyUsage', critical: true, keyCertSign: true, cRLSign: true, digitalSignature: true },
      ...crlDistribution(opts.crlDistributionUrl),
    ],
  });
}

/**
 * An agency's seal certificate. The same key seals PDFs (digitalSignature, nonRepudiation) and
 * receives CMS EnvelopedData (keyEncipherment).
 */
export function issueAgencySealCertificate(opts: AgencySealCertificateOptions): IssuedCertificate {
  return buildCertificate({
    subject: {
      commonName: opts.agencyName,
      organization: opts.organization ?? opts.agencyName,
      organizationalUnit: opts.agencyCode,
    },
    publicKeyPem: opts.publicKeyPem,
    issuer: loadIssuer(opts, { issuingCa: false }),
    validity: opts,
    extensions: [
      { name: 'basicConstraints', critical: true, cA: false },
      { name: 'keyUsage', critical: true, digitalSignature: true, nonRepudiation: true, keyEncipherment: true },
      { name: 'extKeyUsage', emailProtection: true, [DOCUMENT_SIGNING_OID]: true },
      ...(opts.email ? [{ name: 'subjectAltName', altNames: [emailAltName(opts.email)] }] : []),
      ...crlDistribution(opts.crlDistributionUrl),
    ],
  });
}

export function issueUserCertificate(opts: UserCertificateOptions): IssuedCertificate {
  return buildCertificate({
    subject: { commonName: opts.userName, organization: opts.agencyName, userId: opts.username },
    publicKeyPem: opts.publicKeyPem,
    issuer: loadIssuer(opts, { issuingCa: false }),
    validity: opts,
    extensions: [
      { name: 'basicConstraints', critical: true, cA: false },
      { name: 'keyUsage', critical: true, digitalSignature: true, nonRepudiation: true },
      { name: 'extKeyUsage', emailProtection: true, [DOCUMENT_SIGNING_OID]: true },
      { name: 'subjectAltName', altNames: [emailAltName(opts.email)] },
      ...crlDistribution(opts.crlDistributionUrl),
    ],
  });
}

/** TLS server certificate for HTTPS and SMTP STARTTLS. */
export function issueServerCertificate(opts: ServerCertificateOptions): IssuedCertificate {
  if (opts.hostnames.length === 0) throw new Error('server certificate needs at least one hostname');
  const altNames = opts.hostnames.map((host) => {
    if (isIP(host)) return { type: 7, ip: host };
    const name = host.toLowerCase();
    if (!/^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(name)) {
      throw new Error(`"${host}" is neither an IP address nor a DNS name (use punycode for IDNs)`);
    }
    return { type: 2, value: name };
  });
  return buildCertificate({
    subject: { commonName: opts.hostnames[0], organization: opts.organization },
    publicKeyPem: opts.publicKeyPem,
    issuer: loadIssuer(opts, { issuingCa: false }),
    validity: opts,
    extensions: [
      { name: 'basicConstraints', critical: true, cA: false },
      { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', critical: false, altNames },
      ...crlDistribution(opts.crlDistributionUrl),
    ],
  });
}

function emailAltName(email: string) {
  // rfc822Name is an IA5String: an internationalised (SMTPUTF8) address cannot go here.
  if (!/^[\x21-\x7e]+@[A-Za-z0-9.-]+$/.test(email)) throw new Error(`"${email}" is not an ASCII email address`);
  return { type: 1, value: email };
}

function crlDistribution(url: string | undefined) {
  if (!url) return [];
  if (!/^[\x21-\x7e]+$/.test(url)) throw new Error(`CRL distribution URL "${url}" must be ASCII`);
  return [{ name: 'cRLDistributionPoints', altNames: [{ type: 6, value: url }] }];
}

function loadIssuer(opts: IssuerOptions, { issuingCa }: { issuingCa: boolean }): Issuer {
  const facts = readCertificate(opts.issuerCertPem);
  if (!facts.basicConstraints?.ca) throw new Error('issuer certificate is not a CA (basicConstraints cA is not set)');
  if (facts.keyUsage && !facts.keyUsage.has('keyCertSign')) throw new Error('issuer certificate lacks keyUsage keyCertSign');
  if (issuingCa && facts.basicConstraints.pathLen === 0) {
    throw new Error('issuer certificate has pathLenConstraint 0 and cannot issue CA certificates');
  }
  const privateKey = rsaPrivateKey(opts.issuerKeyPem);
  assertKeyPairsWith(privateKey, facts.spkiDer);
  return { nameDer: facts.subjectNameDer, keyIdentifier: keyIdentifierOf(facts), privateKey, notAfter: facts.notAfter };
}

function buildCertificate(spec: {
  subject: NameParts;
  publicKeyPem: string;
  issuer: Issuer;
  validity: ValidityOptions;
  extensions: object[];
}): IssuedCertificate {
  const { validYears } = spec.validity;
  if (!Number.isInteger(validYears) || validYears < 1 || validYears > 50) {
    throw new Error(`validYears must be an integer from 1 to 50, got ${validYears}`);
  }
  const notBefore = wholeSeconds(spec.validity.notBefore ?? new Date(Date.now() - 5 * MINUTE));
  let notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + validYears);
  // A certificate cannot usefully outlive its issuer; cap it rather than issue a chain that breaks.
  if (spec.issuer.notAfter && notAfter > spec.issuer.notAfter) notAfter = spec.issuer.notAfter;
  if (notAfter <= notBefore) throw new Error('issuer certificate expires before the new certificate would start');
  const serialHex = spec.validity.serialHex ? assertUsableSerial(spec.validity.serialHex) : randomSerialHex();

  const publicKey = rsaPublicKey(spec.publicKeyPem);
  const spkiDer = spkiDerOf(publicKey);
  const ownKeyId = keyIdentifierForSpki(spkiDer);
  const authorityKeyId = spec.issuer.keyIdentifier ?? ownKeyId;

  const cert = forge.pki.createCertificate();
  cert.version = 2; // v3
  // forge writes the serial bytes as given: keep the DER INTEGER positive and minimal.
  cert.serialNumber = Buffer.from(serialHex, 'hex')[0] & 0x80 ? `00${serialHex}` : serialHex;
  cert.publicKey = forge.pki.publicKeyFromAsn1(toForgeAsn1(spkiDer));
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  const subjectAttrs = nameAttributes(spec.subject) as unknown as forge.pki.CertificateField[];
  cert.setSubject(subjectAttrs);
  cert.setIssuer(subjectAttrs); // replaced below by the issuer's exact Name bytes unless self-signed
  cert.setExtensions([
    ...spec.extensions,
    { id: '2.5.29.14', value: encodeElement(DerTag.OCTET_STRING, ownKeyId).toString('binary') },
    {
      id: '2.5.29.35',
      value: encodeElement(DerTag.SEQUENCE, encodeElement(contextTag(0, false), authorityKeyId)).toString('binary'),
    },
  ]);
  cert.siginfo.algorithmOid = SHA256_WITH_RSA_OID;
  cert.signatureOid = SHA256_WITH_RSA_OID;

  const tbs = (forge.pki as unknown as ForgeTbs).getTBSCertificate(cert);
  // Copy the issuer's subject Name byte for byte: re-encoding it through forge would turn
  // UTF8String values into mojibake and break name chaining.
  if (spec.issuer.nameDer) (tbs.value as forge.asn1.Asn1[])[3] = toForgeAsn1(spec.issuer.nameDer);
  cert.tbsCertificate = tbs;
  cert.signature = signSha256Rsa(fromForgeAsn1(tbs), spec.issuer.privateKey).toString('binary');

  const der = fromForgeAsn1(forge.pki.certificateToAsn1(cert));
  return {
    certPem: derToPem(der, 'CERTIFICATE'),
    serialHex,
    notBefore,
    notAfter,
    fingerprintSha256: createHash('sha256').update(der).digest('hex'),
  };
}

function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

/** Subject, issuer, serial and validity of a certificate, for display and persistence. */
export function describeCertificate(certPem: string) {
  const x = new X509Certificate(certPem);
  const facts = readCertificate(certPem);
  return {
    subject: x.subject,
    issuer: x.issuer,
    serialHex: facts.serialHex,
    notBefore: facts.notBefore,
    notAfter: facts.notAfter,
    isCa: facts.basicConstraints?.ca ?? false,
    fingerprintSha256: createHash('sha256').update(facts.der).digest('hex'),
  };
}
