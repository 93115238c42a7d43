import { createDecipheriv, createPrivateKey, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptPrivateKey, encryptPrivateKey } from './key-at-rest';
import { generateRsaKeyPair, type RsaKeyPair } from './keys';
import { openssl, removeTempDirs, tempDir, writeFiles } from './test-support';

describe('generateRsaKeyPair', () => {
  it('returns a PKCS#8 private key and an SPKI public key that openssl reads', async () => {
    const pair = await generateRsaKeyPair(2048);
    expect(pair.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(pair.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    const dir = tempDir();
    writeFiles(dir, { 'k.pem': pair.privateKeyPem, 'pub.pem': pair.publicKeyPem });
    const priv = openssl(dir, 'pkey', '-in', 'k.pem', '-noout', '-text');
    expect(priv.code).toBe(0);
    expect(priv.out).toContain('Private-Key: (2048 bit');
    // The public key openssl derives from the private key is the one we returned.
    expect(openssl(dir, 'pkey', '-in', 'k.pem', '-pubout').out).toBe(pair.publicKeyPem);
  });

  it('refuses weak key sizes', async () => {
    await expect(generateRsaKeyPair(1024)).rejects.toThrow(/2048, 3072 or 4096/);
  });
});

describe('private keys at rest', () => {
  let pair: RsaKeyPair;
  const masterKey = randomBytes(32);
  const context = 'certificate:7bfdaec20284ff712ecc911e14e66d9a';

  beforeAll(async () => {
    pair = await generateRsaKeyPair(2048);
  });

  it('round-trips and yields a usable key', () => {
    const blob = encryptPrivateKey(pair.privateKeyPem, masterKey, context);
    expect(blob).toMatch(/^v1\.[A-Za-z0-9+/]{16}\.[A-Za-z0-9+/]{22}==\.[A-Za-z0-9+/=]+$/);
    expect(blob).not.toContain('PRIVATE KEY');
    const pem = decryptPrivateKey(blob, masterKey, context);
    expect(pem).toBe(pair.privateKeyPem);
    expect(createPrivateKey(pem).asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it('uses a fresh IV each time', () => {
    const a = encryptPrivateKey(pair.privateKeyPem, masterKey, context);
    const b = encryptPrivateKey(pair.privateKeyPem, masterKey, context);
    expect(a.split('.')[1]).not.toBe(b.split('.')[1]);
    expect(a).not.toBe(b);
  });

  it('derives the key as documented: HKDF-SHA256(master, info "yizhan-key-at-rest" + context), checked with openssl kdf', () => {
    const blob = encryptPrivateKey(pair.privateKeyPem, masterKey, context);
    const kdf = openssl(
      tempDir(),
      'kdf', '-keylen', '32', '-kdfopt', 'digest:SHA256',
      '-kdfopt', `hexkey:${masterKey.toString('hex')}`,
      '-kdfopt', `hexinfo:${Buffer.from(`yizhan-key-at-rest${context}`).toString('hex')}`,
      'HKDF',
    );
    expect(kdf.code).toBe(0);
    const key = Buffer.from(kdf.out.trim().replace(/:/g, ''), 'hex');
    const [, iv, tag, ct] = blob.split('.').map((p) => Buffer.from(p, 'base64'));
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from('v1'));
    decipher.setAuthTag(tag);
    expect(Buffer.concat([decipher.update(ct), decipher.final()]).toString()).toBe(pair.privateKeyPem);
  });

  it('fails with a wrong master key', () => {
    const blob = encryptPrivateKey(pair.privateKeyPem, masterKey, context);
    expect(() => decryptPrivateKey(blob, randomBytes(32), context)).toThrow(/authentication failed/);
  });

  it('fails when the blob is moved to another record (wrong context)', () => {
    const blob = encryptPrivateKey(pair.privateKeyPem, masterKey, context);
    expect(() => decryptPrivateKey(blob, masterKey, 'certificate:00ff')).toThrow(/authentication failed/);
  });

  it.each([1, 2, 3])('fails when a byte of part %i (iv, tag, ciphertext) is flipped', (part) => {
    const parts = encryptPrivateKey(pair.privateKeyPem, masterKey, context).split('.');
    const bytes = Buffer.from(parts[part], 'base64');
    bytes[bytes.length >> 1] ^= 0x01;
    parts[part] = bytes.toString('base64');
    expect(() => decryptPrivateKey(parts.join('.'), masterKey, context)).toThrow(/authentication failed/);
  });

  it('rejects malformed blobs and bad master keys clearly', () => {
    const blob = encryptPrivateKey(pair.privateKeyPem, masterKey, context);
    expect(() => decryptPrivateKey(blob.replace(/^v1/, 'v2'), masterKey, context)).toThrow(/not a v1/);
    expect(() => decryptPrivateKey(blob.split('.').slice(0, 3).join('.'), masterKey, context)).toThrow(/not a v1/);
    expect(() => decryptPrivateKey('v1.AAAA.AAAA.AAAA', masterKey, context)).toThrow(/malformed/);
    expect(() => encryptPrivateKey(pair.privateKeyPem, randomBytes(16), context)).toThrow(/32-byte/);
    expect(() => encryptPrivateKey(pair.privateKeyPem, masterKey, '')).toThrow(/context/);
  });
});

afterAll(removeTempDirs);
