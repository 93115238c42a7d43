import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnvelopeError, envelopFor, openEnvelope } from './cms-enveloped';
import { buildExchangePki, flip, openssl, put, removeTempDirs, tempDir, type ExchangePki } from './test-support';

function envelopeError(fn: () => unknown): EnvelopeError {
  try {
    fn();
  } catch (err) {
    if (err instanceof EnvelopeError) return err;
    throw err;
  }
  throw new Error('expected an EnvelopeError');
}

describe('CMS AuthEnvelopedData (AES-256-GCM + RSAES-OAEP-SHA256)', () => {
  let pki: ExchangePki;
  let dir: string;
  const content = Buffer.concat([Buffer.from('公文交换包 — 测试内容\n'), randomBytes(300_000)]);
  let p7m: Buffer;

  beforeAll(async () => {
    pki = await buildExchangePki();
    dir = tempDir();
    p7m = envelopFor(
      content,
      pki.agencies.map((a) => ({ certPem: a.certPem })),
    );
    put(dir, { 'pkg.p7m': p7m, 'content.bin': content });
    pki.agencies.forEach((a, i) => put(dir, { [`r${i}.pem`]: a.certPem, [`r${i}.key`]: a.keyPem }));
    put(dir, { 'rogue.pem': pki.rogueA.certPem, 'rogue.key': pki.rogueA.keyPem });
  }, 60_000);
  afterAll(removeTempDirs);

  it('is AuthEnvelopedData with AES-256-GCM and one RSAES-OAEP(SHA-256, MGF1-SHA-256) KeyTransRecipientInfo per recipient', () => {
    const { code, out } = openssl(dir, 'asn1parse', '-inform', 'DER', '-in', 'pkg.p7m');
    expect(code).toBe(0);
    expect(out).toContain(':id-smime-ct-authEnvelopedData');
    expect(out).toContain(':aes-256-gcm');
    expect(out.match(/:rsaesOaep/g)).toHaveLength(3);
    expect(out.match(/:mgf1/g)).toHaveLength(3);
    expect(out.match(/:sha256/g)).toHaveLength(6); // OAEP hash and MGF1 hash, per recipient
    expect(p7m.length).toBeLessThan(content.length + 3 * 600);
  });

  it('openssl cms -decrypt opens it with each recipient key, giving the exact bytes', () => {
    for (let i = 0; i < 3; i++) {
      const r = openssl(dir, 'cms', '-decrypt', '-inform', 'DER', '-in', 'pkg.p7m', '-recip', `r${i}.pem`, '-inkey', `r${i}.key`, '-out', `out${i}.bin`);
      expect(r.code, r.out).toBe(0);
      expect(readFileSync(join(dir, `out${i}.bin`)).equals(content)).toBe(true);
    }
  });

  it('openssl cms -decrypt refuses a non-recipient key', () => {
    const r = openssl(dir, 'cms', '-decrypt', '-inform', 'DER', '-in', 'pkg.p7m', '-recip', 'rogue.pem', '-inkey', 'rogue.key', '-out', 'rogue.bin');
    expect(r.code).not.toBe(0);
  });

  it('openssl cms -decrypt rejects a changed ciphertext byte (GCM tag)', () => {
    put(dir, { 'bad.p7m': flip(p7m, p7m.length - 5000) });
    const r = openssl(dir, 'cms', '-decrypt', '-inform', 'DER', '-in', 'bad.p7m', '-recip', 'r1.pem', '-inkey', 'r1.key', '-out', 'bad.bin');
    expect(r.code).not.toBe(0);
  });

  it('openEnvelope gives each recipient the exact bytes; every envelope has a fresh key and nonce', () => {
    for (const a of pki.agencies) expect(openEnvelope(p7m, a).equals(content)).toBe(true);
    const again = envelopFor(content, [{ certPem: pki.agencies[0].certPem }]);
    expect(again.subarray(-1000).equals(p7m.subarray(-1000))).toBe(false);
  });

  it('names the problem: not a recipient, wrong key, tampered, malformed', () => {
    const [a, b] = pki.agencies;
    expect(envelopeError(() => openEnvelope(p7m, pki.rogueA)).code).toBe('not-recipient');
    const wrong = envelopeError(() => openEnvelope(p7m, { certPem: a.certPem, keyPem: b.keyPem }));
    expect(wrong.code).toBe('wrong-key');
    expect(wrong.message).toContain('does not belong to the certificate');

    const ct = envelopeError(() => openEnvelope(flip(p7m, p7m.length - 5000), a));
    expect(ct.code).toBe('tampered');
    expect(ct.message).toContain('authentication');
    expect(envelopeError(() => openEnvelope(flip(p7m, p7m.length - 1), a)).code).toBe('tampered'); // the tag

    for (const bad of [Buffer.alloc(0), Buffer.from('not a p7m'), p7m.subarray(0, p7m.length - 100), Buffer.concat([p7m, Buffer.from([0])])]) {
      const err = envelopeError(() => openEnvelope(bad, a));
      expect(err.code).toBe('malformed');
    }
  });

  it('never returns other bytes than were sent, whichever single byte is changed (every third byte)', () => {
    const small = Buffer.from('{"title":"关于开展安全检查的通知"}');
    const env = envelopFor(small, [{ certPem: pki.agencies[0].certPem }, { certPem: pki.agencies[1].certPem }]);
    const outcomes = { error: 0, same: 0 };
    for (let i = 0; i < env.length; i += 3) {
      try {
        const out = openEnvelope(flip(env, i, 0x04), pki.agencies[1]);
        expect(out.equals(small), `byte ${i}`).toBe(true);
        outcomes.same++;
      } catch (err) {
        expect(err).toBeInstanceOf(EnvelopeError);
        outcomes.error++;
      }
    }
    // Bytes of the *other* recipient's RecipientInfo are not covered by anything (by CMS's design);
    // everything this recipient depends on is.
    expect(outcomes.error).toBeGreaterThan(env.length / 6);
  });

  it('reads what openssl cms -encrypt writes: EnvelopedData AES-256-CBC and AuthEnvelopedData AES-256-GCM (BER, -stream), with OAEP', () => {
    const oaep = ['-keyopt', 'rsa_padding_mode:oaep', '-keyopt', 'rsa_oaep_md:sha256'];
    for (const [file, args] of [
      ['o-cbc.p7m', ['-aes256']],
      ['o-gcm.p7m', ['-aes-256-gcm', '-stream']],
    ] as const) {
      const r = openssl(dir, 'cms', '-encrypt', '-binary', ...args, '-outform', 'DER', '-in', 'content.bin', '-out', file, '-recip', 'r2.pem', ...oaep);
      expect(r.code, r.out).toBe(0);
      expect(openEnvelope(readFileSync(join(dir, file)), pki.agencies[2]).equals(content)).toBe(true);
    }
  });

  it('refuses RSA PKCS#1 v1.5 key transport (openssl cms -encrypt default)', () => {
    const r = openssl(dir, 'cms', '-encrypt', '-binary', '-aes256', '-outform', 'DER', '-in', 'content.bin', '-out', 'v15.p7m', 'r2.pem');
    expect(r.code, r.out).toBe(0);
    const err = envelopeError(() => openEnvelope(readFileSync(join(dir, 'v15.p7m')), pki.agencies[2]));
    expect(err.code).toBe('unsupported');
    expect(err.message).toContain('PKCS#1 v1.5');
  });

  it('refuses bad recipient lists', () => {
    expect(() => envelopFor(content, [])).toThrow(/at least one recipient/);
    const a = { certPem: pki.agencies[0].certPem };
    expect(() => envelopFor(content, [a, a])).toThrow(/listed twice/);
    expect(() => envelopFor(content, [{ certPem: 'junk' }])).toThrow(/unreadable certificate/);
  });
});
