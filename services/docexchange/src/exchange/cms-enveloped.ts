/**
 * CMS encryption of an exchange package for its recipient agencies.
 *
 * Written: AuthEnvelopedData (RFC 5083) with AES-256-GCM (RFC 5084, 12-byte nonce, 16-byte tag)
 * and one KeyTransRecipientInfo per recipient (issuerAndSerialNumber, RSAES-OAEP with SHA-256
 * and MGF1-SHA-256, parameters written out as RFC 4055 requires for non-default hashes).
 * Debian's `openssl cms -decrypt` (OpenSSL 3.0) opens it for every recipient; see the tests.
 *
 * Read: that, plus EnvelopedData with AES-CBC and RSAES-OAEP (any of SHA-1/256/384/512), which
 * is what `openssl cms -encrypt -aes256 -keyopt rsa_padding_mode:oaep` writes. RSA PKCS#1 v1.5
 * key transport is refused: Node 20 disables PKCS#1 v1.5 decryption (Marvin attack).
 *
 * All AES and RSA work is Node's crypto; the structure is laid out on Buffers (asn1.ts).
 */
import {
  constants,
  createCipheriv,
  createDecipheriv,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
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
  tlv,
  type Node,
} from './asn1';
import { certInfo, type CertInfo } from './certificate-info';
import { importPrivateKey, type ImportedKey } from './parse-cache';
import { HASH_NAME, OID } from './oids';

export type EnvelopeErrorCode = 'not-recipient' | 'wrong-key' | 'tampered' | 'malformed' | 'unsupported';

export class EnvelopeError extends Error {
  readonly code: EnvelopeErrorCode;
  constructor(code: EnvelopeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EnvelopeError';
    this.code = code;
  }
}

export interface EnvelopeRecipient {
  certPem: string;
}

export interface EnvelopeOpener {
  certPem: string;
  keyPem: string;
}

const GCM_NONCE_BYTES = 12;
const GCM_TAG_BYTES = 16;

/** RSAES-OAEP-params { hashAlgorithm [0] sha256, maskGenAlgorithm [1] mgf1(sha256) }, pSourceAlgorithm default. */
const OAEP_SHA256 = join(
  algorithm(OID.rsaesOaep, seq(tlv(ctx(0, true), algorithm(OID.sha256)), tlv(ctx(1, true), algorithm(OID.mgf1, algorithm(OID.sha256))))),
);

/**
 * Encrypts `content` once (one random AES-256 key) and wraps that key for every recipient.
 * Returns the DER ContentInfo (what `openssl cms -decrypt -inform DER` reads).
 */
export function envelopFor(content: Buffer, recipients: EnvelopeRecipient[]): Buffer {
  if (recipients.length === 0) throw new Error('envelopFor: at least one recipient is required');
  const certs = recipients.map((r, i) => recipientCert(r.certPem, i));
  const seen = new Set<string>();
  for (const c of certs) {
    const id = c.issuerAndSerialDer.toString('hex');
    if (seen.has(id)) throw new Error(`envelopFor: recipient "${c.subject}" is listed twice`);
    seen.add(id);
  }

  const cek = randomBytes(32);
  const nonce = randomBytes(GCM_NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', cek, nonce, { authTagLength: GCM_TAG_BYTES });
  const ciphertext = Buffer.concat([cipher.update(content), cipher.final()]);
  const tag = cipher.getAuthTag();

  const recipientInfos = certs.map((c) =>
    seq(
      integer(0), // version 0: rid is issuerAndSerialNumber
      c.issuerAndSerialDer,
      OAEP_SHA256,
      octetString(publicEncrypt({ key: c.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, cek)),
    ),
  );
  cek.fill(0);

  const encryptedContentInfo = seq(oid(OID.data), algorithm(OID.aes256Gcm, seq(octetString(nonce), integer(GCM_TAG_BYTES))), tlv(ctx(0, false), ciphertext));
  const authEnvelopedData = seq(integer(0), setOf(...recipientInfos), encryptedContentInfo, octetString(tag));
  return join(seq(oid(OID.authEnvelopedData), tlv(ctx(0, true), authEnvelopedData)));
}

function recipientCert(certPem: string, index: number): CertInfo {
  let info: CertInfo;
  try {
    info = certInfo(certPem);
  } catch (err) {
    throw new Error(`envelopFor: recipient ${index + 1}: unreadable certificate: ${(err as Error).message}`, { cause: err });
  }
  if (info.publicKey.asymmetricKeyType !== 'rsa') {
    throw new Error(`envelopFor: recipient "${info.subject}" has a ${info.publicKey.asymmetricKeyType} key; only RSA is supported`);
  }
  if (info.keyUsage && !info.keyUsage.has('keyEncipherment')) {
    throw new Error(`envelopFor: certificate of "${info.subject}" does not allow keyEncipherment`);
  }
  return info;
}

// ---------------------------------------------------------------- opening

interface ParsedEnvelope {
  authenticated: boolean;
  recipientInfos: Node[];
  contentType: string;
  contentAlgorithm: Node;
  encryptedContent: Buffer;
  aad?: Buffer;
  mac?: Buffer;
}

/**
 * Decrypts an envelope addressed to `recipient` (found by issuer and serial of its certificate).
 * Throws EnvelopeError with a code: not-recipient, wrong-key, tampered, malformed, unsupported.
 */
export function openEnvelope(der: Buffer, recipient: EnvelopeOpener): Buffer {
  let cert: CertInfo;
  try {
    cert = certInfo(recipient.certPem);
  } catch (err) {
    throw new EnvelopeError('wrong-key', `cannot read the recipient certificate: ${(err as Error).message}`, { cause: err });
  }
  const privateKey = loadPrivateKey(recipient.keyPem, cert);
  const env = guard(() => parseEnvelope(der));

  const ours = guard(() => findRecipientInfo(der, env.recipientInfos, cert));
  if (!ours) {
    throw new EnvelopeError(
      'not-recipient',
      `the package is not encrypted for "${cert.subject}" (serial ${cert.serialHex}); ` + `it names ${env.recipientInfos.length} other recipient(s)`,
    );
  }
  const oaepHash = guard(() => oaepHashOf(der, ours.keyEncryptionAlgorithm));
  let cek: Buffer;
  try {
    cek = privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, ours.encryptedKey);
  } catch (err) {
    // The key pairs with the certificate (checked above), so the wrapped key itself is damaged.
    throw new EnvelopeError('tampered', 'the encrypted content-encryption key for this recipient does not decrypt: it was altered or made for another key', {
      cause: err,
    });
  }
  try {
    return decryptContent(der, env, cek);
  } finally {
    cek.fill(0);
  }
}

function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof EnvelopeError) throw err;
    if (err instanceof Asn1Error) throw new EnvelopeError('malformed', `not a readable CMS envelope: ${err.message}`, { cause: err });
    throw err;
  }
}

function loadPrivateKey(keyPem: string, cert: CertInfo): KeyObject {
  let imported: Readonly<ImportedKey>;
  try {
    imported = importPrivateKey(keyPem);
  } catch (err) {
    throw new EnvelopeError('wrong-key', `cannot read the recipient private key: ${(err as Error).message}`, { cause: err });
  }
  const { key } = imported;
  if (!imported.spkiDer.equals(cert.spkiDer)) {
    throw new EnvelopeError('wrong-key', `the private key does not belong to the certificate of "${cert.subject}"`);
  }
  return key;
}

function parseEnvelope(der: Buffer): ParsedEnvelope {
  if (der.length === 0) throw new Asn1Error('empty input');
  const root = expect(readRoot(der), Tag.SEQUENCE, 'ContentInfo');
  const [typeNode, wrapper] = children(der, root);
  const type = oidOf(der, expect(typeNode, Tag.OID, 'contentType'));
  if (type !== OID.authEnvelopedData && type !== OID.envelopedData) {
    throw new EnvelopeError('unsupported', `not an encrypted package: content type ${type} is neither AuthEnvelopedData nor EnvelopedData`);
  }
  const authenticated = type === OID.authEnvelopedData;
  const body = expect(children(der, expect(wrapper, ctx(0, true), 'content [0]'))[0], Tag.SEQUENCE, 'envelope');
  const fields = children(der, body);
  let i = 0;
  const version = smallInt(der, fields[i++], 'version');
  if (authenticated ? version !== 0 : ![0, 2, 3, 4].includes(version)) throw new Asn1Error(`unexpected version ${version}`);
  if (fields[i]?.tag === ctx(0, true)) i++; // originatorInfo: certificates for key agreement, unused here
  const recipientInfos = children(der, expect(fields[i++], Tag.SET, 'recipientInfos'));
  if (recipientInfos.length === 0) throw new Asn1Error('no RecipientInfo');
  const eci = children(der, expect(fields[i++], Tag.SEQUENCE, 'EncryptedContentInfo'));
  const contentType = oidOf(der, expect(eci[0], Tag.OID, 'encrypted content type'));
  const contentAlgorithm = expect(eci[1], Tag.SEQUENCE, 'contentEncryptionAlgorithm');
  const ec = eci[2];
  if (!ec) throw new EnvelopeError('unsupported', 'the encrypted content is detached (not in the package)');
  if (ec.tag !== ctx(0, false) && ec.tag !== ctx(0, true)) throw new Asn1Error('expected encryptedContent [0]');
  const parsed: ParsedEnvelope = {
    authenticated,
    recipientInfos,
    contentType,
    contentAlgorithm,
    encryptedContent: octets(der, ec),
  };
  if (authenticated) {
    if (fields[i]?.tag === ctx(1, true)) {
      // RFC 5083 §2.1: the MAC covers the DER of authAttrs with an explicit SET OF tag.
      const attrs = raw(der, fields[i++]);
      parsed.aad = Buffer.concat([Buffer.from([Tag.SET]), attrs.subarray(1)]);
    }
    parsed.mac = content(der, expect(fields[i++], Tag.OCTET_STRING, 'mac'));
    if (fields[i]?.tag === ctx(2, true)) i++;
  } else if (fields[i]?.tag === ctx(1, true)) i++;
  if (i !== fields.length) throw new Asn1Error('unexpected fields after the encrypted content');
  return parsed;
}

function findRecipientInfo(der: Buffer, infos: Node[], cert: CertInfo): { keyEncryptionAlgorithm: Node; encryptedKey: Buffer } | undefined {
  for (const info of infos) {
    if (info.tag !== Tag.SEQUENCE) continue; // kari [1], kekri [2], pwri [3], ori [4]: not for RSA certificates
    const [versionNode, rid, alg, key] = children(der, info);
    const version = smallInt(der, versionNode, 'KeyTransRecipientInfo version');
    let matches: boolean;
    if (rid?.tag === Tag.SEQUENCE) {
      if (version !== 0) throw new Asn1Error('KeyTransRecipientInfo with issuerAndSerialNumber must be version 0');
      const [issuer, serial] = children(der, rid);
      matches =
        raw(der, expect(issuer, Tag.SEQUENCE, 'issuer')).equals(cert.issuerNameDer) &&
        serialHex(content(der, expect(serial, Tag.INTEGER, 'serialNumber'))) === cert.serialHex;
    } else if (rid?.tag === ctx(0, false)) {
      if (version !== 2) throw new Asn1Error('KeyTransRecipientInfo with subjectKeyIdentifier must be version 2');
      matches = cert.subjectKeyIdentifierHex === content(der, rid).toString('hex');
    } else throw new Asn1Error('unreadable RecipientIdentifier');
    if (matches) {
      return {
        keyEncryptionAlgorithm: expect(alg, Tag.SEQUENCE, 'keyEncryptionAlgorithm'),
        encryptedKey: content(der, expect(key, Tag.OCTET_STRING, 'encryptedKey')),
      };
    }
  }
  return undefined;
}

function serialHex(c: Buffer): string {
  let i = 0;
  while (i < c.length - 1 && c[i] === 0) i++;
  return c.subarray(i).toString('hex');
}

function oaepHashOf(der: Buffer, alg: Node): string {
  const [oidNode, params] = children(der, alg);
  const algOid = oidOf(der, oidNode);
  if (algOid === OID.rsaEncryption) {
    throw new EnvelopeError('unsupported', 'RSA PKCS#1 v1.5 key transport is not accepted (only RSAES-OAEP)');
  }
  if (algOid !== OID.rsaesOaep) throw new EnvelopeError('unsupported', `unsupported key transport algorithm ${algOid}`);
  let hash: string = OID.sha1;
  let mgfHash: string = OID.sha1;
  if (params && params.tag === Tag.SEQUENCE) {
    for (const p of children(der, params)) {
      const inner = children(der, p)[0];
      if (p.tag === ctx(0, true)) hash = oidOf(der, children(der, inner)[0]);
      else if (p.tag === ctx(1, true)) {
        const [mgfOid, mgfParams] = children(der, inner);
        if (oidOf(der, mgfOid) !== OID.mgf1) throw new EnvelopeError('unsupported', 'OAEP mask generation other than MGF1');
        mgfHash = oidOf(der, children(der, expect(mgfParams, Tag.SEQUENCE, 'MGF1 hash'))[0]);
      } else if (p.tag === ctx(2, true)) {
        const [srcOid, label] = children(der, inner);
        if (oidOf(der, srcOid) !== OID.pSpecified || (label && content(der, label).length > 0)) {
          throw new EnvelopeError('unsupported', 'OAEP with a label is not supported');
        }
      } else throw new Asn1Error('unexpected RSAES-OAEP parameter');
    }
  } else if (params && params.tag !== Tag.NULL) throw new Asn1Error('unreadable RSAES-OAEP parameters');
  const name = HASH_NAME[hash];
  if (!name) throw new EnvelopeError('unsupported', `unsupported OAEP hash ${hash}`);
  if (mgfHash !== hash) throw new EnvelopeError('unsupported', 'OAEP with an MGF1 hash different from the OAEP hash');
  return name;
}

const CONTENT_CIPHERS: Record<string, { name: string; keyBytes: number; gcm: boolean }> = {
  [OID.aes128Gcm]: { name: 'aes-128-gcm', keyBytes: 16, gcm: true },
  [OID.aes192Gcm]: { name: 'aes-192-gcm', keyBytes: 24, gcm: true },
  [OID.aes256Gcm]: { name: 'aes-256-gcm', keyBytes: 32, gcm: true },
  [OID.aes128Cbc]: { name: 'aes-128-cbc', keyBytes: 16, gcm: false },
  [OID.aes192Cbc]: { name: 'aes-192-cbc', keyBytes: 24, gcm: false },
  [OID.aes256Cbc]: { name: 'aes-256-cbc', keyBytes: 32, gcm: false },
};

function decryptContent(der: Buffer, env: ParsedEnvelope, cek: Buffer): Buffer {
  const { cipher, iv, tagLength } = guard(() => contentCipher(der, env));
  if (env.contentType !== OID.data) throw new EnvelopeError('unsupported', `unexpected inner content type ${env.contentType}`);
  if (cek.length !== cipher.keyBytes) {
    throw new EnvelopeError('tampered', `the unwrapped key has ${cek.length} bytes, ${cipher.name} needs ${cipher.keyBytes}`);
  }
  try {
    if (cipher.gcm) {
      if (env.mac?.length !== tagLength) throw new EnvelopeError('tampered', `the authentication tag has ${env.mac?.length} bytes, expected ${tagLength}`);
      const d = createDecipheriv(cipher.name as 'aes-256-gcm', cek, iv, { authTagLength: tagLength });
      if (env.aad) d.setAAD(env.aad);
      d.setAuthTag(env.mac);
      const out = d.update(env.encryptedContent);
      const last = d.final(); // throws unless the tag verifies
      return last.length ? Buffer.concat([out, last]) : out;
    }
    const d = createDecipheriv(cipher.name, cek, iv);
    return Buffer.concat([d.update(env.encryptedContent), d.final()]);
  } catch (err) {
    if (err instanceof EnvelopeError) throw err;
    throw new EnvelopeError(
      'tampered',
      cipher.gcm
        ? 'the package fails authentication (AES-GCM tag): its ciphertext, nonce or tag was altered'
        : 'the package does not decrypt (bad padding): its ciphertext was altered',
      { cause: err },
    );
  }
}

function contentCipher(der: Buffer, env: ParsedEnvelope) {
  const [oidNode, params] = children(der, env.contentAlgorithm);
  const algOid = oidOf(der, oidNode);
  const cipher = CONTENT_CIPHERS[algOid];
  if (!cipher) throw new EnvelopeError('unsupported', `unsupported content encryption algorithm ${algOid}`);
  if (cipher.gcm !== env.authenticated) {
    throw new EnvelopeError(
      'unsupported',
      cipher.gcm ? 'AES-GCM must be used in AuthEnvelopedData' : 'AuthEnvelopedData needs an authenticated cipher (AES-GCM)',
    );
  }
  if (!cipher.gcm) {
    const iv = content(der, expect(params, Tag.OCTET_STRING, 'CBC IV'));
    if (iv.length !== 16) throw new Asn1Error('CBC IV must be 16 bytes');
    return { cipher, iv, tagLength: 0 };
  }
  const [nonceNode, icvNode] = children(der, expect(params, Tag.SEQUENCE, 'GCMParameters'));
  const iv = content(der, expect(nonceNode, Tag.OCTET_STRING, 'GCM nonce'));
  if (iv.length < 12 || iv.length > 16) throw new EnvelopeError('unsupported', `GCM nonce of ${iv.length} bytes`);
  const tagLength = icvNode ? smallInt(der, icvNode, 'aes-ICVlen') : 12;
  if (tagLength < 12 || tagLength > 16) throw new EnvelopeError('unsupported', `GCM tag length ${tagLength}`);
  return { cipher, iv, tagLength };
}
