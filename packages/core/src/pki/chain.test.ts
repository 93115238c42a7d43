import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from './chain';
import { issueAgencySealCertificate } from './certificates';
import { createCrl, type CrlReason } from './crl';
import { generateRsaKeyPair } from './keys';
import { AGENCY_CODE, AGENCY_NAME, buildCityPki, buildRogueCa, openssl, removeTempDirs, tempDir, writeFiles, type CityPki, type Issued } from './test-support';

const DAY = 24 * 3600 * 1000;

describe('verifyChain', () => {
  let pki: CityPki;
  let rogue: { root: Issued; intermediate: Issued };
  let forgedAgency: string; // same subject and issuer name as the real one, signed by the rogue intermediate
  let dir: string;

  const crlOf = (ca: Issued, revoked: Array<{ serialHex: string; revokedAt: Date; reason?: CrlReason }>, thisUpdate = new Date(Date.now() - 60_000)) =>
    createCrl({
      issuerCertPem: ca.certPem,
      issuerKeyPem: ca.key.privateKeyPem,
      revoked,
      crlNumber: 1,
      thisUpdate,
      nextUpdate: new Date(thisUpdate.getTime() + 7 * DAY),
    });
  const verifyAgency = (opts?: Parameters<typeof verifyChain>[3]) =>
    verifyChain(pki.agency.certPem, [pki.intermediate.certPem], pki.root.certPem, opts);

  beforeAll(async () => {
    [pki, rogue] = await Promise.all([buildCityPki(), buildRogueCa()]);
    const key = await generateRsaKeyPair(2048);
    forgedAgency = issueAgencySealCertificate({
      agencyName: AGENCY_NAME,
      agencyCode: AGENCY_CODE,
      validYears: 5,
      publicKeyPem: key.publicKeyPem,
      issuerCertPem: rogue.intermediate.certPem,
      issuerKeyPem: rogue.intermediate.key.privateKeyPem,
    }).certPem;
    dir = tempDir();
    writeFiles(dir, {
      'root.pem': pki.root.certPem,
      'intermediate.pem': pki.intermediate.certPem,
      'agency.pem': pki.agency.certPem,
      'forged.pem': forgedAgency,
    });
  }, 60_000);

  it('accepts the city chain (as openssl does)', () => {
    expect(verifyAgency()).toEqual({ valid: true, revoked: false });
    expect(verifyChain(pki.user.certPem, [pki.intermediate.certPem], pki.root.certPem).valid).toBe(true);
    expect(verifyChain(pki.intermediate.certPem, [], pki.root.certPem).valid).toBe(true);
    expect(openssl(dir, 'verify', '-CAfile', 'root.pem', '-untrusted', 'intermediate.pem', 'agency.pem').code).toBe(0);
  });

  it('finds the path among unordered and unrelated intermediates', () => {
    const r = verifyChain(pki.agency.certPem, [rogue.intermediate.certPem, pki.user.certPem, pki.intermediate.certPem], pki.root.certPem);
    expect(r).toEqual({ valid: true, revoked: false });
  });

  it('accepts before revocation, reports revoked after (agreeing with openssl -crl_check)', () => {
    const clean = crlOf(pki.intermediate, []);
    expect(verifyAgency({ crlPems: [clean] })).toEqual({ valid: true, revoked: false });

    const revoking = crlOf(pki.intermediate, [{ serialHex: pki.agency.serialHex, revokedAt: new Date(), reason: 'keyCompromise' }]);
    const r = verifyAgency({ crlPems: [revoking] });
    expect(r.valid).toBe(false);
    expect(r.revoked).toBe(true);
    expect(r.reason).toContain('revoked');
    expect(r.reason).toContain(AGENCY_NAME);

    writeFiles(dir, { 'crl.pem': revoking });
    const o = openssl(dir, 'verify', '-crl_check', '-CRLfile', 'crl.pem', '-CAfile', 'root.pem', '-untrusted', 'intermediate.pem', 'agency.pem');
    expect(o.out).toContain('certificate revoked');
  });

  it('reports a revoked intermediate from the root CRL', () => {
    const rootCrl = crlOf(pki.root, [{ serialHex: pki.intermediate.serialHex, revokedAt: new Date(), reason: 'cACompromise' }]);
    const r = verifyAgency({ crlPems: [crlOf(pki.intermediate, []), rootCrl] });
    expect(r).toMatchObject({ valid: false, revoked: true });
    expect(r.reason).toContain('示范市电子政务签发证书');
  });

  it('honours the revocation date for "superseded" but not for key compromise', async () => {
    const key = await generateRsaKeyPair(2048);
    const older = issueAgencySealCertificate({
      agencyName: AGENCY_NAME,
      agencyCode: AGENCY_CODE,
      validYears: 5,
      notBefore: new Date(Date.now() - 10 * DAY),
      publicKeyPem: key.publicKeyPem,
      issuerCertPem: pki.intermediate.certPem,
      issuerKeyPem: pki.intermediate.key.privateKeyPem,
    });
    const verifyOlder = (crl: string, at?: Date) => verifyChain(older.certPem, [pki.intermediate.certPem], pki.root.certPem, { crlPems: [crl], at });
    const revokedAt = new Date(Date.now() - 2 * DAY);
    const signedBefore = new Date(Date.now() - 3 * DAY);
    const superseded = crlOf(pki.intermediate, [{ serialHex: older.serialHex, revokedAt, reason: 'superseded' }]);
    expect(verifyOlder(superseded, signedBefore)).toEqual({ valid: true, revoked: false });
    expect(verifyOlder(superseded)).toMatchObject({ valid: false, revoked: true });
    const compromised = crlOf(pki.intermediate, [{ serialHex: older.serialHex, revokedAt, reason: 'keyCompromise' }]);
    expect(verifyOlder(compromised, signedBefore)).toMatchObject({ valid: false, revoked: true });
    const noReason = crlOf(pki.intermediate, [{ serialHex: older.serialHex, revokedAt }]);
    expect(verifyOlder(noReason, signedBefore)).toMatchObject({ valid: false, revoked: true });
  });

  it('rejects a certificate signed by another CA (as openssl does)', () => {
    const r = verifyChain(forgedAgency, [pki.intermediate.certPem], pki.root.certPem);
    expect(r).toMatchObject({ valid: false, revoked: false });
    expect(r.reason).toMatch(/no issuer|does not verify/);
    expect(openssl(dir, 'verify', '-CAfile', 'root.pem', '-untrusted', 'intermediate.pem', 'forged.pem').code).not.toBe(0);
    // The rogue chain itself is fine, but not under our root.
    expect(verifyChain(forgedAgency, [rogue.intermediate.certPem], rogue.root.certPem).valid).toBe(true);
    expect(verifyChain(forgedAgency, [rogue.intermediate.certPem], pki.root.certPem).valid).toBe(false);
    expect(verifyChain(pki.agency.certPem, [pki.intermediate.certPem], rogue.root.certPem).valid).toBe(false);
  });

  it('rejects a certificate whose signature was tampered with', () => {
    const pem = pki.agency.certPem;
    const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    der[der.length - 5] ^= 0x01;
    const tampered = `-----BEGIN CERTIFICATE-----\n${der.toString('base64')}\n-----END CERTIFICATE-----\n`;
    const r = verifyChain(tampered, [pki.intermediate.certPem], pki.root.certPem);
    expect(r.valid).toBe(false);
    expect(r.reason).toContain('does not verify');
  });

  it('rejects expired and not-yet-valid certificates using `at`', () => {
    const expired = verifyAgency({ at: new Date(pki.agency.notAfter.getTime() + DAY) });
    expect(expired).toMatchObject({ valid: false, revoked: false });
    expect(expired.reason).toMatch(/expired/);
    const early = verifyAgency({ at: new Date(pki.agency.notBefore.getTime() - DAY) });
    expect(early.valid).toBe(false);
    expect(early.reason).toMatch(/not valid before/);
    expect(verifyAgency({ at: new Date(pki.agency.notAfter.getTime() - DAY) }).valid).toBe(true);
    // openssl agrees at the same instant.
    const epoch = String(Math.floor((pki.agency.notAfter.getTime() + DAY) / 1000));
    const o = openssl(dir, 'verify', '-attime', epoch, '-CAfile', 'root.pem', '-untrusted', 'intermediate.pem', 'agency.pem');
    expect(o.out).toContain('certificate has expired');
  });

  it('rejects a CRL that claims our issuer but is signed by another key', () => {
    const fakeCrl = crlOf(rogue.intermediate, []);
    const r = verifyAgency({ crlPems: [fakeCrl] });
    expect(r).toMatchObject({ valid: false, revoked: false });
    expect(r.reason).toContain('invalid signature');
  });

  it('requires current CRLs on request', () => {
    expect(verifyAgency({ requireCrl: true }).valid).toBe(false);
    const both = [crlOf(pki.intermediate, []), crlOf(pki.root, [])];
    expect(verifyAgency({ requireCrl: true, crlPems: both })).toEqual({ valid: true, revoked: false });
    const stale = [crlOf(pki.intermediate, [], new Date(Date.now() - 30 * DAY)), crlOf(pki.root, [])];
    expect(verifyAgency({ requireCrl: true, crlPems: stale }).reason).toMatch(/no current CRL/);
  });

  it('rejects leaf-as-issuer and a non-self-signed trust anchor', () => {
    expect(verifyChain(pki.agency.certPem, [], pki.intermediate.certPem).reason).toMatch(/not a self-signed/);
    expect(verifyChain('not a certificate', [], pki.root.certPem).reason).toMatch(/unreadable certificate/);
  });
});

afterAll(removeTempDirs);
