/**
 * Private keys encrypted at rest under the deployment's 32-byte master key.
 *
 * Each blob has its own AES-256-GCM key, derived with HKDF-SHA256 from the master key and the
 * record's context (e.g. "agency:42:seal"), so a blob copied into another record does not open.
 * Format: `v1.<iv base64>.<tag base64>.<ciphertext base64>` (12-byte IV, 16-byte tag).
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const INFO_PREFIX = 'yizhan-key-at-rest';
const IV_BYTES = 12;
const TAG_BYTES = 16;

function deriveKey(masterKey: Buffer, context: string): Buffer {
  if (!Buffer.isBuffer(masterKey) || masterKey.length !== 32) {
    throw new Error('master key must be a 32-byte Buffer');
  }
  if (context.length === 0) throw new Error('key-at-rest context must not be empty');
  const info = Buffer.from(INFO_PREFIX + context, 'utf8');
  if (info.length > 1024) throw new Error('key-at-rest context is too long');
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), info, 32));
}

export function encryptPrivateKey(privateKeyPem: string, masterKey: Buffer, context: string): string {
  const key = deriveKey(masterKey, context);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(VERSION));
  const ciphertext = Buffer.concat([cipher.update(privateKeyPem, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString('base64'), tag.toString('base64'), ciphertext.toString('base64')].join('.');
}

export function decryptPrivateKey(blob: string, masterKey: Buffer, context: string): string {
  const parts = blob.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) {
    throw new Error(`encrypted private key: not a ${VERSION} key-at-rest blob`);
  }
  const [, ivB64, tagB64, ctB64] = parts;
  const iv = Buffer.from(ivB64, 'base64');
  const tag = Buffer.from(tagB64, 'base64');
  const ciphertext = Buffer.from(ctB64, 'base64');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES || ciphertext.length === 0) {
    throw new Error('encrypted private key: malformed blob');
  }
  const key = deriveKey(masterKey, context);
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(VERSION));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('encrypted private key: authentication failed (wrong master key, wrong context or tampered data)');
  }
}
