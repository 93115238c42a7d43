import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrl, isRevoked, parseCrl, parseCrlSerials, verifyCrlSignature } from './crl';
import { derToPem, pemToDer } from './der';
import { CA_ORG, INTERMEDIATE_NAME, buildCityPki, buildRogueCa, openssl, removeTempDirs, tempDir, writeFiles, type CityPki, type Issued } from './test-support';

const DAY = 24 * 3600 * 1000;

describe('CRLs checked by openssl', () => {
  let pki: CityPki;
  let rogue: { root: Issued; intermediate: Issued };
  let dir: string;
  const run = (...args: string[]) => openssl(dir, ...args);
  const chainArgs = ['-CAfile', 'root.pem', '-untrusted', 'intermediate.pem'];

  const intermediateCrl = (revoked: Parameters<typeof createCrl>[0]['revoked'], crlNumber: number | bigint = 1) =>
    createCrl({
      issuerCertPem: pki.intermediate.certPem,
      issuerKeyPem: pki.intermediate.key.privateKeyPem,
      revoked,
      crlNumber,
      thisUpdate: new Date(Date.now() - 60_000),
      nextUpdate: new Date(Date.now() + 7 * DAY),
    });
  const rootCrl = (revoked: Parameters<typeof createCrl>[0]['revoked']) =>
    createCrl({
      issuerCertPem: pki.root.certPem,
      issuerKeyPem: pki.root.key.privateKeyPem,
      revoked,
      crlNumber: 1,
      thisUpdate: new Date(Date.now() - 60_000),
      nextUpdate: new Date(Date.now() + 30 * DAY),
    });

  beforeAll(async () => {
    [pki, rogue] = await Promise.all([buildCityPki(), buildRogueCa()]);
    dir = tempDir();
    writeFiles(dir, {
      'root.pem': pki.root.certPem,
      'intermediate.pem': pki.intermediate.certPem,
      'agency.pem': pki.agency.certPem,
      'user.pem': pki.user.certPem,
    });
  }, 60_000);

  it('lists the revoked serial, reason, CRL number and AKI in openssl crl -text, and openssl verifies its signature', () => {
    const revokedAt = new Date('2026-03-01T08:00:00Z');
    writeFiles(dir, {
      'crl.pem': intermediateCrl([{ serialHex: pki.agency.serialHex, revokedAt, reason: 'keyCompromise' }], 42),
    });
    const text = run('crl', '-in', 'crl.pem', '-noout', '-text', '-nameopt', 'utf8');
    expect(text.code).toBe(0);
    expect(text.out).toContain('Version 2 (0x1)');
    expect(text.out).toContain(`Issuer: C=CN, O=${CA_ORG}, CN=${INTERMEDIATE_NAME}`);
    expect(text.out).toContain(`Serial Number: ${pki.agency.serialHex.toUpperCase()}`);
    expect(text.out).toContain('Revocation Date: Mar  1 08:00:00 2026 GMT');
    expect(text.out).toMatch(/CRL Reason Code:\s+Key Compromise/);
    expect(text.out).toMatch(/CRL Number:\s+42/);
    const ski = /Subject Key Identifier:\s+([0-9A-F:]+)/.exec(
      run('x509', '-in', 'intermediate.pem', '-noout', '-ext', 'subjectKeyIdentifier').out,
    )![1];
    expect(text.out).toMatch(new RegExp(`Authority Key Identifier:\\s+(keyid:)?${ski}`));
    expect(run('crl', '-in', 'crl.pem', '-noout', '-CAfile', 'intermediate.pem').out).toContain('verify OK');
  });

  it('makes openssl verify -crl_check report the revoked agency certificate', () => {
    writeFiles(dir, { 'crl.pem': intermediateCrl([{ serialHex: pki.agency.serialHex, revokedAt: new Date(), reason: 'superseded' }]) });
    const revoked = run('verify', '-crl_check', '-CRLfile', 'crl.pem', ...chainArgs, 'agency.pem');
    expect(revoked.code).not.toBe(0);
    expect(revoked.out).toContain('certificate revoked');
    // Same CRL, another certificate of the same issuer: not revoked.
    const other = run('verify', '-crl_check', '-CRLfile', 'crl.pem', ...chainArgs, 'user.pem');
    expect(other.out.trim()).toBe('user.pem: OK');
  });

  it('writes an empty CRL openssl accepts, at every level with -crl_check_all', () => {
    writeFiles(dir, { 'int-empty.pem': intermediateCrl([]), 'root-empty.pem': rootCrl([]) });
    expect(run('crl', '-in', 'int-empty.pem', '-noout', '-text').out).toContain('No Revoked Certificates.');
    const ok = run('verify', '-crl_check_all', '-CRLfile', 'int-empty.pem', '-CRLfile', 'root-empty.pem', ...chainArgs, 'agency.pem');
    expect(ok.out.trim()).toBe('agency.pem: OK');
    // Without the root's CRL, -crl_check_all cannot be satisfied: shows openssl really checks both.
    expect(run('verify', '-crl_check_all', '-CRLfile', 'int-empty.pem', ...chainArgs, 'agency.pem').out).toContain('unable to get certificate CRL');
  });

  it('revokes the intermediate in the root CRL', () => {
    writeFiles(dir, {
      'int-empty.pem': intermediateCrl([]),
      'root-revoking.pem': rootCrl([{ serialHex: pki.intermediate.serialHex, revokedAt: new Date(), reason: 'cACompromise' }]),
    });
    const r = run('verify', '-crl_check_all', '-CRLfile', 'int-empty.pem', '-CRLfile', 'root-revoking.pem', ...chainArgs, 'agency.pem');
    expect(r.out).toMatch(/error 23 at 1 depth lookup: certificate revoked/);
  });

  it('encodes CRL numbers beyond 32 bits and omits an "unspecified" reason', () => {
    const pem = intermediateCrl([{ serialHex: 'ff', revokedAt: new Date(), reason: 'unspecified' }], 2n ** 70n);
    writeFiles(dir, { 'big.pem': pem });
    const text = run('crl', '-in', 'big.pem', '-noout', '-text').out;
    expect(text).toMatch(/CRL Number:\s+1180591620717411303424/);
    expect(text).toContain('Serial Number: FF');
    expect(text).not.toContain('Reason Code');
    expect(parseCrl(pem).crlNumber).toBe(2n ** 70n);
    expect(parseCrl(pem).entries).toEqual([{ serialHex: 'ff', revokedAt: expect.any(Date) }]);
  });

  it('reads back serials and answers isRevoked for the right issuer only', () => {
    const pem = intermediateCrl([
      { serialHex: pki.agency.serialHex, revokedAt: new Date(), reason: 'keyCompromise' },
      { serialHex: '0A:0B', revokedAt: new Date() },
    ]);
    expect(parseCrlSerials(pem)).toEqual([pki.agency.serialHex, '0a0b']);
    expect(isRevoked(pki.agency.certPem, pem)).toBe(true);
    expect(isRevoked(pki.user.certPem, pem)).toBe(false);
    // A root CRL listing the agency's serial is about another issuer's certificate.
    const wrongIssuer = rootCrl([{ serialHex: pki.agency.serialHex, revokedAt: new Date() }]);
    expect(isRevoked(pki.agency.certPem, wrongIssuer)).toBe(false);
  });

  it('verifies its signature against the issuer only, and detects tampering', () => {
    const pem = intermediateCrl([{ serialHex: pki.agency.serialHex, revokedAt: new Date() }]);
    expect(verifyCrlSignature(pem, pki.intermediate.certPem)).toBe(true);
    expect(verifyCrlSignature(pem, pki.root.certPem)).toBe(false);
    // Same issuer name, different key.
    expect(verifyCrlSignature(pem, rogue.intermediate.certPem)).toBe(false);
    const der = pemToDer(pem, 'X509 CRL');
    der[der.length - 10] ^= 0x01;
    const tampered = derToPem(der, 'X509 CRL');
    expect(verifyCrlSignature(tampered, pki.intermediate.certPem)).toBe(false);
    writeFiles(dir, { 'tampered.pem': tampered });
    expect(run('crl', '-in', 'tampered.pem', '-noout', '-CAfile', 'intermediate.pem').out).toContain('verify failure');
  });

  it('refuses bad input clearly', () => {
    const base = {
      issuerCertPem: pki.intermediate.certPem,
      issuerKeyPem: pki.intermediate.key.privateKeyPem,
      crlNumber: 1,
      nextUpdate: new Date(Date.now() + DAY),
    };
    expect(() => createCrl({ ...base, revoked: [{ serialHex: 'zz', revokedAt: new Date() }] })).toThrow(/invalid serial/);
    expect(() =>
      createCrl({ ...base, revoked: [{ serialHex: 'ab', revokedAt: new Date() }, { serialHex: '00ab', revokedAt: new Date() }] }),
    ).toThrow(/listed twice/);
    expect(() => createCrl({ ...base, revoked: [], nextUpdate: new Date(Date.now() - DAY) })).toThrow(/nextUpdate/);
    expect(() => createCrl({ ...base, revoked: [], issuerKeyPem: pki.root.key.privateKeyPem })).toThrow(/does not match/);
    expect(() => createCrl({ ...base, revoked: [], issuerCertPem: pki.agency.certPem, issuerKeyPem: pki.agency.key.privateKeyPem })).toThrow(/cRLSign/);
  });
});

afterAll(removeTempDirs);
