import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certInfo } from './certificate-info';
import { CmsFormatError, signCms, verifyCms } from './cms-signed';
import { buildExchangePki, flip, openssl, put, removeTempDirs, tempDir, type ExchangePki } from './test-support';

describe('CMS SignedData (SHA-256, RSA PKCS#1 v1.5, signingCertificateV2)', () => {
  let pki: ExchangePki;
  let dir: string;
  const content = Buffer.from('{"docNumber":"示发改〔2026〕12号","title":"关于做好春节期间安全生产工作的通知"}');
  const signingTime = new Date('2026-03-01T08:00:00Z');
  let detached: Buffer;
  let attached: Buffer;
  const trust = () => ({ rootPems: [pki.root.certPem] });

  beforeAll(async () => {
    pki = await buildExchangePki();
    dir = tempDir();
    const a = pki.agencies[0];
    detached = signCms(content, a.signer, { detached: true, signingTime });
    attached = signCms(content, a.signer, { detached: false });
    put(dir, {
      'content.json': content,
      'd.p7s': detached,
      'a.p7s': attached,
      'root.pem': pki.root.certPem,
      'intermediate.pem': pki.intermediate.certPem,
      'a.pem': a.certPem,
      'a.key': a.keyPem,
    });
  }, 60_000);
  afterAll(removeTempDirs);

  it('openssl cms -verify accepts the detached signature with -content, and the attached one', () => {
    const d = openssl(dir, 'cms', '-verify', '-inform', 'DER', '-in', 'd.p7s', '-CAfile', 'root.pem', '-content', 'content.json', '-binary', '-out', 'd.out');
    expect(d.code, d.out).toBe(0);
    expect(d.out).toContain('Verification successful');
    expect(readFileSync(join(dir, 'd.out')).equals(content)).toBe(true);
    const a = openssl(dir, 'cms', '-verify', '-inform', 'DER', '-in', 'a.p7s', '-CAfile', 'root.pem', '-binary', '-out', 'a.out');
    expect(a.code, a.out).toBe(0);
    expect(readFileSync(join(dir, 'a.out')).equals(content)).toBe(true);
  });

  it('carries contentType, signingTime, messageDigest and signingCertificateV2, SHA-256 with sha256WithRSAEncryption', () => {
    const { out } = openssl(dir, 'cms', '-cmsout', '-print', '-inform', 'DER', '-in', 'd.p7s');
    for (const name of ['contentType', 'signingTime', 'messageDigest', 'id-smime-aa-signingCertificateV2', 'sha256WithRSAEncryption']) {
      expect(out).toContain(name);
    }
    expect(out).toContain('eContent: <ABSENT>');
  });

  it('openssl cms -verify rejects changed content', () => {
    put(dir, { 'changed.json': Buffer.from(content.toString().replace('12号', '13号')) });
    const r = openssl(
      dir,
      'cms',
      '-verify',
      '-inform',
      'DER',
      '-in',
      'd.p7s',
      '-CAfile',
      'root.pem',
      '-content',
      'changed.json',
      '-binary',
      '-out',
      '/dev/null',
    );
    expect(r.code).not.toBe(0);
  });

  it('verifies its own signatures and reports the signer, its agency code and the signing time', () => {
    const v = verifyCms(detached, { ...trust(), detachedContent: content });
    expect(v).toMatchObject({ valid: true, signatureValid: true, chainTrusted: true, revoked: false });
    expect(v.signerOrganizationUnit).toBe(pki.agencies[0].code);
    expect(v.signerCommonName).toBe(pki.agencies[0].name);
    expect(v.signerSubject).toContain(`OU=${pki.agencies[0].code}`);
    expect(v.signingTime).toEqual(signingTime);
    expect(v.content.equals(content)).toBe(true);
    const a = verifyCms(attached, trust());
    expect(a.valid).toBe(true);
    expect(a.content.equals(content)).toBe(true);
  });

  it('accepts what openssl cms -sign -nodetach writes, in DER and in streamed BER', () => {
    for (const extra of [[], ['-stream']]) {
      const r = openssl(
        dir,
        'cms',
        '-sign',
        '-binary',
        '-md',
        'sha256',
        '-nodetach',
        ...extra,
        '-in',
        'content.json',
        '-signer',
        'a.pem',
        '-inkey',
        'a.key',
        '-certfile',
        'intermediate.pem',
        '-outform',
        'DER',
        '-out',
        'o.p7s',
      );
      expect(r.code, r.out).toBe(0);
      const v = verifyCms(readFileSync(join(dir, 'o.p7s')), trust());
      expect(v.valid, v.reason).toBe(true);
      expect(v.content.equals(content)).toBe(true);
      expect(v.signerOrganizationUnit).toBe(pki.agencies[0].code);
      expect(v.signingTime).toBeInstanceOf(Date);
    }
  });

  it('fails changed content, a changed signature, an untrusted CA, a revoked certificate and a time outside validity', () => {
    const changed = verifyCms(detached, { ...trust(), detachedContent: Buffer.from(content.toString().replace('12号', '13号')) });
    expect(changed).toMatchObject({ valid: false, signatureValid: false, chainTrusted: true });
    expect(changed.reason).toContain('content altered');

    const badSig = verifyCms(flip(detached, detached.length - 10), { ...trust(), detachedContent: content });
    expect(badSig).toMatchObject({ valid: false, signatureValid: false });
    expect(badSig.reason).toContain('signature does not verify');

    const rogue = signCms(content, pki.rogueA.signer, { detached: true });
    const untrusted = verifyCms(rogue, { ...trust(), detachedContent: content });
    expect(untrusted).toMatchObject({ valid: false, signatureValid: true, chainTrusted: false });
    expect(untrusted.signerOrganizationUnit).toBe(pki.agencies[0].code); // it claims A's code…
    expect(verifyCms(rogue, { rootPems: [pki.rogueRootPem], detachedContent: content }).valid).toBe(true); // …under its own CA

    const revoked = signCms(content, pki.revokedA.signer, { detached: true });
    expect(verifyCms(revoked, { ...trust(), detachedContent: content }).valid).toBe(true);
    const withCrl = verifyCms(revoked, { ...trust(), detachedContent: content, crlPems: [pki.crlPem] });
    expect(withCrl).toMatchObject({ valid: false, signatureValid: true, chainTrusted: false, revoked: true });
    expect(withCrl.reason).toContain('revoked');

    const early = verifyCms(detached, { ...trust(), detachedContent: content, at: new Date('2000-01-01T00:00:00Z') });
    expect(early.valid).toBe(false);
    expect(early.reason).toContain('not valid before');
    expect(verifyCms(detached, { rootPems: [], detachedContent: content }).reason).toContain('no trusted root');
  });

  it('signingCertificateV2 stops swapping in another certificate of the same key (a revoked one for a good one)', () => {
    const bad = pki.revokedA;
    const good = pki.agencies[0];
    const signed = signCms(content, bad.signer, { detached: true });
    const swap = (buf: Buffer, from: Buffer, to: Buffer) => {
      const at = buf.indexOf(from);
      expect(at).toBeGreaterThan(0);
      expect(to.length).toBe(from.length);
      to.copy(buf, at);
    };
    const forged = Buffer.from(signed);
    swap(forged, certInfo(bad.certPem).der, certInfo(good.certPem).der); // the embedded certificate
    swap(forged, certInfo(bad.certPem).issuerAndSerialDer, certInfo(good.certPem).issuerAndSerialDer); // the SignerIdentifier
    const v = verifyCms(forged, { ...trust(), detachedContent: content, crlPems: [pki.crlPem] });
    expect(v.signerOrganizationUnit).toBe(good.code);
    expect(certInfo(v.signerCertPem).der.equals(certInfo(good.certPem).der)).toBe(true);
    expect(v).toMatchObject({ valid: false, signatureValid: false, chainTrusted: true, revoked: false });
    expect(v.reason).toContain('signingCertificate attribute names another certificate');
    // Measured: Debian OpenSSL 3.0 `cms -verify` does not check this binding and accepts the forgery.
  });

  it('no changed byte anywhere in the signature leaves it valid (every other byte)', () => {
    let formatErrors = 0;
    for (let i = 0; i < detached.length; i += 2) {
      try {
        const v = verifyCms(flip(detached, i), { ...trust(), detachedContent: content });
        expect(v.valid, `byte ${i}`).toBe(false);
      } catch (err) {
        expect(err, `byte ${i}`).toBeInstanceOf(CmsFormatError);
        formatErrors++;
      }
    }
    expect(formatErrors).toBeGreaterThan(0);
  });

  it('throws CmsFormatError for unreadable input and for missing or doubled content', () => {
    for (const bad of [Buffer.alloc(0), Buffer.from('garbage'), detached.subarray(0, 200)]) {
      expect(() => verifyCms(bad, { ...trust(), detachedContent: content })).toThrow(CmsFormatError);
    }
    expect(() => verifyCms(detached, trust())).toThrow(/no detachedContent/);
    expect(() => verifyCms(attached, { ...trust(), detachedContent: content })).toThrow(/also given/);
  });

  it('refuses to sign with a key that is not the certificate’s', () => {
    const [a, b] = pki.agencies;
    expect(() => signCms(content, { ...a.signer, keyPem: b.keyPem }, { detached: true })).toThrow(/does not belong/);
  });
});
