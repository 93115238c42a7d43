/**
 * CMS SignedData (RFC 5652) for manifests and receipts: one signer, SHA-256, RSA PKCS#1 v1.5
 * (sha256WithRSAEncryption), signed attributes contentType, signingTime, messageDigest and
 * signingCertificateV2 (RFC 5035, binds the signature to the signer's certificate), the signer's
 * certificate and chain embedded. `openssl cms -verify` accepts what we write, and we accept what
 * `openssl cms -sign` writes (BER indefinite lengths and rsaEncryption as signature OID included).
 *
 * The signed attributes are a DER SET OF, so they are sorted by encoding: OpenSSL re-encodes
 * them before checking the signature, and an unsorted SET would fail there.
 */
import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import { verifyChain, type ChainVerification } from '@yizhan/core';
import {
  Asn1Error,
  Tag,
  algorithm,
  children,
  content,
  ctx,
  expect,
  integer,
  join,
  octetString,
  octets,
  oid,
  oidOf,
  raw,
  readRoot,
  seq,
  setOf,
  smallInt,
  time,
  timeOf,
  tlv,
  type Node,
} from './asn1';
import { certInfo, pemOfDer, type CertInfo } from './certificate-info';
import { importPrivateKey, type ImportedKey } from './parse-cache';
import { HASH_NAME, OID } from './oids';

export class CmsFormatError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(`not a readable CMS SignedData: ${message}`, options);
    this.name = 'CmsFormatError';
  }
}

export interface CmsSigner {
  certPem: string;
  keyPem: string;
  /** Intermediate CA certificates (the root may be included); embedded after the signer's. */
  chainPems: string[];
}

export interface SignCmsOptions {
  /** true: the content is not embedded (a .p7s next to the file). */
  detached: boolean;
  /** Defaults to now. */
  signingTime?: Date;
}

/**
 * Signs `content`. A detached signature may be given the content as pieces (a PDF's two signed
 * byte ranges), hashed in order without joining them into one copy.
 */
export function signCms(content: Buffer | readonly Buffer[], signer: CmsSigner, opts: SignCmsOptions): Buffer {
  const cert = certInfo(signer.certPem);
  const key = signingKey(signer.keyPem, cert);
  if (cert.keyUsage && !cert.keyUsage.has('digitalSignature') && !cert.keyUsage.has('nonRepudiation')) {
    throw new Error(`signCms: the certificate of "${cert.subject}" does not allow signing (keyUsage)`);
  }
  const chain = signer.chainPems.map((pem) => certInfo(pem).der);

  const pieces = Buffer.isBuffer(content) ? [content] : content;
  const hash = createHash('sha256');
  for (const piece of pieces) hash.update(piece);
  const digest = hash.digest();
  const essCertId = seq(
    octetString(createHash('sha256').update(cert.der).digest()), // hashAlgorithm omitted: DEFAULT sha256
    seq(seq(tlv(ctx(4, true), cert.issuerNameDer)), cert.serialDer), // IssuerSerial
  );
  const attributes = setOf(
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.signingTime, time(opts.signingTime ?? new Date())),
    attribute(OID.messageDigest, octetString(digest)),
    attribute(OID.signingCertificateV2, seq(seq(essCertId))),
  );
  const signedAttrsDer = join(attributes); // the signature covers the SET OF encoding…
  const signature = sign('sha256', signedAttrsDer, key);
  const signedAttrsImplicit = Buffer.concat([Buffer.from([ctx(0, true)]), signedAttrsDer.subarray(1)]); // …stored as [0]

  const signerInfo = seq(
    integer(1), // version 1: sid is issuerAndSerialNumber
    cert.issuerAndSerialDer,
    algorithm(OID.sha256),
    signedAttrsImplicit,
    algorithm(OID.sha256WithRsa, null),
    octetString(signature),
  );
  const encapContentInfo = opts.detached ? seq(oid(OID.data)) : seq(oid(OID.data), tlv(ctx(0, true), octetString(Buffer.concat(pieces))));
  const signedData = seq(integer(1), setOf(algorithm(OID.sha256)), encapContentInfo, tlv(ctx(0, true), cert.der, ...chain), setOf(signerInfo));
  return join(seq(oid(OID.signedData), tlv(ctx(0, true), signedData)));
}

function attribute(type: string, ...values: Buffer[][]) {
  return seq(oid(type), setOf(...values));
}

function signingKey(keyPem: string, cert: CertInfo): KeyObject {
  let imported: Readonly<ImportedKey>;
  try {
    imported = importPrivateKey(keyPem);
  } catch (err) {
    throw new Error(`signCms: cannot read the private key: ${(err as Error).message}`, { cause: err });
  }
  const { key } = imported;
  if (key.asymmetricKeyType !== 'rsa') throw new Error(`signCms: only RSA keys are supported, got ${key.asymmetricKeyType}`);
  if (!imported.spkiDer.equals(cert.spkiDer)) {
    throw new Error(`signCms: the private key does not belong to the certificate of "${cert.subject}"`);
  }
  return key;
}

// ---------------------------------------------------------------- verifying

export interface VerifyCmsOptions {
  /** The signed content of a detached signature. */
  detachedContent?: Buffer;
  /** Trusted roots; the chain must end at one of them. */
  rootPems: string[];
  /** Extra intermediates, besides the certificates embedded in the signature. */
  intermediatePems?: string[];
  crlPems?: string[];
  /**
   * Time to validate the certificates at; defaults to now. (signingTime is what the signer
   * claims, so it is reported but not used unless the caller passes it here.)
   */
  at?: Date;
}

export interface CmsVerification {
  /** Signature, digest, signer-certificate binding, trusted chain and no revocation. */
  valid: boolean;
  /** The signature and the signed attributes alone (no trust decision). */
  signatureValid: boolean;
  content: Buffer;
  signerCertPem: string;
  /** One line, e.g. "C=CN, O=…, OU=…, CN=…". */
  signerSubject: string;
  signerCommonName: string;
  /** The OU of the signer's certificate (an agency seal certificate carries the agency code there); '' when none. */
  signerOrganizationUnit: string;
  signingTime?: Date;
  chainTrusted: boolean;
  revoked: boolean;
  /** The first problem found, in English. */
  reason?: string;
  /** Every problem found (signature, then chain), in English; empty when valid. */
  problems: string[];
}

interface ParsedSignedData {
  eContentType: string;
  /** OIDs listed in SignedData.digestAlgorithms. */
  digestAlgorithms: string[];
  eContent?: Buffer;
  certificates: Buffer[];
  signerInfo: Node;
}

/**
 * Verifies a one-signer SignedData. Throws CmsFormatError when the structure cannot be read or
 * the signer's certificate is not in it; every verification outcome is in the result.
 */
export function verifyCms(der: Buffer, opts: VerifyCmsOptions): CmsVerification {
  const parsed = formatGuard(() => parseSignedData(der));
  if (parsed.eContent && opts.detachedContent) throw new CmsFormatError('the content is embedded, but detachedContent was also given');
  const signed = parsed.eContent ?? opts.detachedContent;
  if (!signed) throw new CmsFormatError('the signature is detached and no detachedContent was given');

  const si = formatGuard(() => parseSignerInfo(der, parsed.signerInfo));
  const signerDer = formatGuard(() => findSigner(parsed.certificates, si.sid, der));
  const signer = certInfo(signerDer);

  const result: CmsVerification = {
    valid: false,
    signatureValid: false,
    content: signed,
    signerCertPem: signer.pem,
    signerSubject: signer.subject,
    signerCommonName: signer.commonName ?? '',
    signerOrganizationUnit: signer.organizationalUnit ?? '',
    chainTrusted: false,
    revoked: false,
    problems: [],
  };
  const problems = result.problems;

  let sigCheck: { problem?: string; signingTime?: Date };
  try {
    sigCheck = checkSignature(der, si, parsed, signed, signer);
  } catch (err) {
    if (!(err instanceof Asn1Error)) throw err;
    sigCheck = { problem: `unreadable signed attributes: ${err.message}` };
  }
  result.signingTime = sigCheck.signingTime;
  if (sigCheck.problem) problems.push(sigCheck.problem);
  else result.signatureValid = true;

  const chain = checkChain(signer, parsed.certificates, opts);
  result.chainTrusted = chain.valid;
  result.revoked = chain.revoked;
  if (!chain.valid) problems.push(chain.reason ?? 'the signer certificate is not trusted');
  if (signer.keyUsage && !signer.keyUsage.has('digitalSignature') && !signer.keyUsage.has('nonRepudiation')) {
    result.chainTrusted = false;
    problems.push('the signer certificate does not allow signing (keyUsage)');
  }

  result.valid = problems.length === 0;
  if (problems.length) result.reason = problems[0];
  return result;
}

function formatGuard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof Asn1Error) throw new CmsFormatError(err.message, { cause: err });
    throw err;
  }
}

function parseSignedData(der: Buffer): ParsedSignedData {
  if (der.length === 0) throw new CmsFormatError('empty input');
  const root = expect(readRoot(der), Tag.SEQUENCE, 'ContentInfo');
  const [typeNode, wrapper] = children(der, root);
  const type = oidOf(der, typeNode);
  if (type !== OID.signedData) throw new CmsFormatError(`content type ${type} is not SignedData`);
  const body = expect(children(der, expect(wrapper, ctx(0, true), 'content [0]'))[0], Tag.SEQUENCE, 'SignedData');
  const fields = children(der, body);
  let i = 0;
  // Fields outside the signed attributes are not covered by the signature: accept only the values
  // RFC 5652 allows, so that a changed byte there is noticed as well.
  const version = smallInt(der, fields[i++], 'version');
  if (![1, 3].includes(version)) throw new CmsFormatError(`unexpected SignedData version ${version}`);
  const digestAlgorithms = children(der, expect(fields[i++], Tag.SET, 'digestAlgorithms')).map((alg) => {
    const [algOid, params] = children(der, expect(alg, Tag.SEQUENCE, 'digest AlgorithmIdentifier'));
    if (params && params.tag !== Tag.NULL) throw new CmsFormatError('unexpected digest algorithm parameters');
    return oidOf(der, algOid);
  });
  const eci = children(der, expect(fields[i++], Tag.SEQUENCE, 'encapContentInfo'));
  const eContentType = oidOf(der, eci[0]);
  let eContent: Buffer | undefined;
  if (eci[1]) {
    const inner = children(der, expect(eci[1], ctx(0, true), 'eContent [0]'))[0];
    eContent = octets(der, expect(inner, inner?.tag === 0x24 ? 0x24 : Tag.OCTET_STRING, 'eContent OCTET STRING'));
  }
  const certificates: Buffer[] = [];
  if (fields[i]?.tag === ctx(0, true)) {
    for (const c of children(der, fields[i++])) if (c.tag === Tag.SEQUENCE) certificates.push(raw(der, c));
  }
  if (fields[i]?.tag === ctx(1, true)) i++; // crls: revocation comes from the caller's CRLs
  const signerInfos = children(der, expect(fields[i++], Tag.SET, 'signerInfos'));
  if (signerInfos.length !== 1) throw new CmsFormatError(`expected exactly one SignerInfo, found ${signerInfos.length}`);
  if (i !== fields.length) throw new CmsFormatError('unexpected fields after signerInfos');
  return { eContentType, digestAlgorithms, eContent, certificates, signerInfo: signerInfos[0] };
}

interface ParsedSignerInfo {
  sid: Node;
  digestOid: string;
  signedAttrs?: Node;
  signatureOid: string;
  signatureParams?: Node;
  signature: Buffer;
}

function parseSignerInfo(der: Buffer, node: Node): ParsedSignerInfo {
  const fields = children(der, expect(node, Tag.SEQUENCE, 'SignerInfo'));
  let i = 0;
  const version = smallInt(der, fields[i++], 'SignerInfo version');
  const sid = fields[i++];
  if (!sid || (sid.tag !== Tag.SEQUENCE && sid.tag !== ctx(0, false))) throw new CmsFormatError('unreadable SignerIdentifier');
  if (version !== (sid.tag === Tag.SEQUENCE ? 1 : 3)) throw new CmsFormatError(`SignerInfo version ${version} does not match its SignerIdentifier`);
  const [digestOidNode, digestParams] = children(der, expect(fields[i++], Tag.SEQUENCE, 'digestAlgorithm'));
  if (digestParams && digestParams.tag !== Tag.NULL) throw new CmsFormatError('unexpected digest algorithm parameters');
  const digestOid = oidOf(der, digestOidNode);
  const signedAttrs = fields[i]?.tag === ctx(0, true) ? fields[i++] : undefined;
  const [sigOidNode, signatureParams] = children(der, expect(fields[i++], Tag.SEQUENCE, 'signatureAlgorithm'));
  const signature = content(der, expect(fields[i++], Tag.OCTET_STRING, 'signature'));
  if (fields[i]?.tag === ctx(1, true)) i++; // unsignedAttrs (e.g. a timestamp token): not used
  if (i !== fields.length) throw new CmsFormatError('unexpected fields in SignerInfo');
  return { sid, digestOid, signedAttrs, signatureOid: oidOf(der, sigOidNode), signatureParams, signature };
}

function findSigner(certificates: Buffer[], sid: Node, der: Buffer): Buffer {
  for (const c of certificates) {
    let info: CertInfo;
    try {
      info = certInfo(c);
    } catch {
      continue; // an unreadable extra certificate does not matter unless it is the signer's
    }
    if (sid.tag === ctx(0, false)) {
      if (info.subjectKeyIdentifierHex === content(der, sid).toString('hex')) return c;
      continue;
    }
    const [issuer, serial] = children(der, sid);
    expect(issuer, Tag.SEQUENCE, 'issuer Name');
    expect(serial, Tag.INTEGER, 'serialNumber');
    if (raw(der, issuer).equals(info.issuerNameDer) && normalizeInteger(content(der, serial)) === info.serialHex) return c;
  }
  throw new CmsFormatError("the signer's certificate is not embedded in the signature");
}

function normalizeInteger(c: Buffer): string {
  let i = 0;
  while (i < c.length - 1 && c[i] === 0) i++;
  return c.subarray(i).toString('hex');
}

const SIGNATURE_HASH: Record<string, string | null> = {
  [OID.rsaEncryption]: null, // the hash is the digestAlgorithm
  [OID.sha256WithRsa]: 'sha256',
  [OID.sha384WithRsa]: 'sha384',
  [OID.sha512WithRsa]: 'sha512',
};

function checkSignature(
  der: Buffer,
  si: ParsedSignerInfo,
  parsed: ParsedSignedData,
  signedContent: Buffer,
  signer: CertInfo,
): { problem?: string; signingTime?: Date } {
  const hash = HASH_NAME[si.digestOid];
  if (!hash || hash === 'sha1') return { problem: `digest algorithm ${hash ?? si.digestOid} is not accepted (SHA-256/384/512 only)` };
  if (!(si.signatureOid in SIGNATURE_HASH)) {
    return {
      problem: si.signatureOid === OID.rsassaPss ? 'RSASSA-PSS signatures are not supported' : `signature algorithm ${si.signatureOid} is not supported`,
    };
  }
  if (si.signatureParams && si.signatureParams.tag !== Tag.NULL) return { problem: 'unexpected RSA signature algorithm parameters' };
  if (!parsed.digestAlgorithms.includes(si.digestOid)) return { problem: "the signer's digest algorithm is not listed in digestAlgorithms" };
  const sigHash = SIGNATURE_HASH[si.signatureOid];
  if (sigHash && sigHash !== hash) return { problem: `signature hash ${sigHash} differs from the digest algorithm ${hash}` };
  if (signer.publicKey.asymmetricKeyType !== 'rsa') return { problem: 'the signer key is not RSA' };

  const digest = createHash(hash).update(signedContent).digest();
  let signedBytes: Buffer;
  let signingTime: Date | undefined;
  if (si.signedAttrs) {
    let attrs: Map<string, Node[]>;
    try {
      attrs = readAttributes(der, si.signedAttrs);
    } catch (err) {
      return { problem: (err as Error).message };
    }
    const one = (type: string, name: string): Node | string => {
      const values = attrs.get(type);
      if (!values) return `the ${name} signed attribute is missing`;
      if (values.length !== 1) return `the ${name} signed attribute must have exactly one value`;
      return values[0];
    };
    if (attrs.has(OID.signingTime)) {
      const st = one(OID.signingTime, 'signingTime');
      if (typeof st === 'string') return { problem: st };
      signingTime = timeOf(der, st); // reported with the problems below as well
    }
    const ct = one(OID.contentType, 'contentType');
    if (typeof ct === 'string') return { problem: ct, signingTime };
    if (oidOf(der, ct) !== parsed.eContentType) return { problem: 'the contentType signed attribute does not match the content', signingTime };
    const md = one(OID.messageDigest, 'messageDigest');
    if (typeof md === 'string') return { problem: md, signingTime };
    if (md.tag !== Tag.OCTET_STRING || !content(der, md).equals(digest)) {
      return { problem: 'digest mismatch: the content does not match the signed message digest (content altered)', signingTime };
    }
    const binding = checkSigningCertificate(der, attrs, signer);
    if (binding) return { problem: binding, signingTime };
    signedBytes = Buffer.concat([Buffer.from([Tag.SET]), raw(der, si.signedAttrs).subarray(1)]);
  } else {
    if (parsed.eContentType !== OID.data) return { problem: 'signed attributes are required for content other than id-data' };
    signedBytes = signedContent;
  }
  let ok: boolean;
  try {
    ok = verify(hash, signedBytes, signer.publicKey, si.signature);
  } catch {
    ok = false;
  }
  return ok ? { signingTime } : { problem: 'the signature does not verify with the signer certificate (signature or signed attributes altered)', signingTime };
}

function readAttributes(der: Buffer, node: Node): Map<string, Node[]> {
  const out = new Map<string, Node[]>();
  for (const attr of children(der, node)) {
    const [typeNode, values] = children(der, expect(attr, Tag.SEQUENCE, 'Attribute'));
    const type = oidOf(der, typeNode);
    if (out.has(type)) throw new Error(`signed attribute ${type} appears twice`);
    out.set(type, children(der, expect(values, Tag.SET, 'attribute values')));
  }
  return out;
}

/** RFC 5035 / RFC 2634: the certificate named in the signed attributes must be the signer's. */
function checkSigningCertificate(der: Buffer, attrs: Map<string, Node[]>, signer: CertInfo): string | undefined {
  for (const [type, v2] of [
    [OID.signingCertificateV2, true],
    [OID.signingCertificate, false],
  ] as const) {
    const values = attrs.get(type);
    if (!values) continue;
    try {
      const [certs] = children(der, expect(values[0], Tag.SEQUENCE, 'SigningCertificate'));
      const first = children(der, expect(certs, Tag.SEQUENCE, 'certs'))[0];
      const parts = children(der, expect(first, Tag.SEQUENCE, 'ESSCertID'));
      let k = 0;
      let hash = v2 ? 'sha256' : 'sha1';
      if (v2 && parts[0]?.tag === Tag.SEQUENCE) {
        const h = HASH_NAME[oidOf(der, children(der, parts[k++])[0])];
        if (!h) return 'unsupported hash in signingCertificateV2';
        hash = h;
      }
      const certHash = content(der, expect(parts[k++], Tag.OCTET_STRING, 'certHash'));
      if (!createHash(hash).update(signer.der).digest().equals(certHash)) {
        return 'the signingCertificate attribute names another certificate than the signer';
      }
      const issuerSerial = parts[k];
      if (issuerSerial) {
        const [, serial] = children(der, expect(issuerSerial, Tag.SEQUENCE, 'IssuerSerial'));
        if (normalizeInteger(content(der, expect(serial, Tag.INTEGER, 'serial'))) !== signer.serialHex) {
          return 'the signingCertificate attribute names another serial number than the signer';
        }
      }
    } catch (err) {
      return `unreadable signingCertificate attribute: ${(err as Error).message}`;
    }
  }
  return undefined;
}

function checkChain(signer: CertInfo, embedded: Buffer[], opts: VerifyCmsOptions): ChainVerification {
  if (opts.rootPems.length === 0) return { valid: false, revoked: false, reason: 'no trusted root certificates were given' };
  const intermediates = [...(opts.intermediatePems ?? []), ...embedded.filter((c) => !c.equals(signer.der)).map(pemOfDer)];
  const results = opts.rootPems.map((root) => verifyChain(signer.pem, intermediates, root, { at: opts.at, crlPems: opts.crlPems }));
  return results.find((r) => r.valid) ?? results.find((r) => r.revoked) ?? results.find((r) => !r.reason?.startsWith('no issuer')) ?? results[0];
}
