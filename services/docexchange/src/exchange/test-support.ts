/**
 * Fixtures for the exchange tests (not part of the public API): the city PKI of
 * @yizhan/core's test-support plus three agencies, a rogue CA with an agency that claims
 * agency A's code, a revoked second certificate of agency A with the CRL that lists it, and
 * helpers to run openssl/tar on files in a temp dir.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCrl, generateRsaKeyPair, issueAgencySealCertificate } from '@yizhan/core';
import { AGENCY_CODE, AGENCY_NAME, buildCityPki, buildRogueCa, type Issued } from '@yizhan/core/pki/test-support';
import type { CmsSigner } from './cms-signed';

export { openssl, removeTempDirs, tempDir } from '@yizhan/core/pki/test-support';

export interface TestAgency {
  code: string;
  name: string;
  certPem: string;
  keyPem: string;
  serialHex: string;
  signer: CmsSigner;
}

export interface ExchangePki {
  root: Issued;
  intermediate: Issued;
  /** A (发改委, the sender in most tests), B (财政局), C (教育局). */
  agencies: [TestAgency, TestAgency, TestAgency];
  /** A certificate for agency A's code issued by an unrelated CA. */
  rogueA: TestAgency;
  rogueRootPem: string;
  /** A second certificate of agency A (same key, same DER length), revoked for keyCompromise by `crlPem`. */
  revokedA: TestAgency;
  crlPem: string;
}

export const AGENCY_B = { code: '11130400MB0000002X', name: '示范市财政局' };
export const AGENCY_C = { code: '11130400MB0000003X', name: '示范市教育局' };

export async function buildExchangePki(): Promise<ExchangePki> {
  const [city, rogue, keyB, keyC, keyRogue] = await Promise.all([
    buildCityPki(),
    buildRogueCa(),
    generateRsaKeyPair(2048),
    generateRsaKeyPair(2048),
    generateRsaKeyPair(2048),
  ]);
  const { root, intermediate } = city;
  const chain = [intermediate.certPem];
  const issue = (
    who: { code: string; name: string },
    key: { privateKeyPem: string; publicKeyPem: string },
    issuer: Issued,
    extra: { email?: string; crlDistributionUrl?: string; validYears?: number } = {},
  ): TestAgency => {
    const cert = issueAgencySealCertificate({
      agencyName: who.name,
      agencyCode: who.code,
      validYears: 3,
      ...extra,
      publicKeyPem: key.publicKeyPem,
      issuerCertPem: issuer.certPem,
      issuerKeyPem: issuer.key.privateKeyPem,
    });
    return {
      ...who,
      certPem: cert.certPem,
      keyPem: key.privateKeyPem,
      serialHex: cert.serialHex,
      signer: { certPem: cert.certPem, keyPem: key.privateKeyPem, chainPems: issuer === intermediate ? chain : [issuer.certPem] },
    };
  };
  const a: TestAgency = {
    code: AGENCY_CODE,
    name: AGENCY_NAME,
    certPem: city.agency.certPem,
    keyPem: city.agency.key.privateKeyPem,
    serialHex: city.agency.serialHex,
    signer: { certPem: city.agency.certPem, keyPem: city.agency.key.privateKeyPem, chainPems: chain },
  };
  // Same key and the same fields as A's certificate, so the two DER encodings have the same length
  // (lets a test swap one for the other inside a signature).
  const revokedA = issue({ code: AGENCY_CODE, name: AGENCY_NAME }, city.agency.key, intermediate, {
    email: 'fgw@shifan.gov.cn',
    crlDistributionUrl: 'http://pki.shifan.gov.cn/issuing.crl',
    validYears: 5,
  });
  const crlPem = createCrl({
    issuerCertPem: intermediate.certPem,
    issuerKeyPem: intermediate.key.privateKeyPem,
    revoked: [{ serialHex: revokedA.serialHex, revokedAt: new Date(Date.now() - 60_000), reason: 'keyCompromise' }],
    crlNumber: 1,
    thisUpdate: new Date(Date.now() - 60_000),
    nextUpdate: new Date(Date.now() + 7 * 24 * 3600_000),
  });
  return {
    root,
    intermediate,
    agencies: [a, issue(AGENCY_B, keyB, intermediate), issue(AGENCY_C, keyC, intermediate)],
    rogueA: issue({ code: AGENCY_CODE, name: AGENCY_NAME }, keyRogue, rogue.intermediate),
    rogueRootPem: rogue.root.certPem,
    revokedA,
    crlPem,
  };
}

/** Writes files (text or bytes) into `dir`. */
export function put(dir: string, files: Record<string, string | Buffer>): void {
  for (const [name, value] of Object.entries(files)) writeFileSync(join(dir, name), value);
}

/** Runs GNU tar in `dir`. */
export function gnuTar(dir: string, ...args: string[]): { code: number; out: string } {
  const r = spawnSync('tar', args, { cwd: dir, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

/** A copy with one byte XORed. */
export function flip(buf: Buffer, index: number, mask = 0x01): Buffer {
  const copy = Buffer.from(buf);
  copy[index] ^= mask;
  return copy;
}
