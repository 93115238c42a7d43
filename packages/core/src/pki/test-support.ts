/**
 * Test fixtures for the PKI tests (not part of the public API): a city hierarchy
 * root → intermediate → agency/user/server, a rogue CA, temp files, and an openssl runner.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createIntermediateCa,
  createRootCa,
  issueAgencySealCertificate,
  issueServerCertificate,
  issueUserCertificate,
  type IssuedCertificate,
} from './certificates';
import { generateRsaKeyPair, type RsaKeyPair } from './keys';

export const AGENCY_NAME = '示范市发展和改革委员会';
export const AGENCY_CODE = '11130400MB0000001X';
export const ROOT_NAME = '示范市电子政务根证书';
export const INTERMEDIATE_NAME = '示范市电子政务签发证书';
export const CA_ORG = '示范市电子政务网络中心';

export interface Issued extends IssuedCertificate {
  key: RsaKeyPair;
}

export interface CityPki {
  root: Issued;
  intermediate: Issued;
  agency: Issued;
  user: Issued;
  server: Issued;
}

/** CAs start 30 days back so tests can validate at times before today. */
const caNotBefore = () => new Date(Date.now() - 30 * 24 * 3600 * 1000);

export async function buildCityPki(): Promise<CityPki> {
  const [rootKey, intKey, agencyKey, userKey, serverKey] = await Promise.all(
    Array.from({ length: 5 }, () => generateRsaKeyPair(2048)),
  );
  const root = { ...createRootCa({ commonName: ROOT_NAME, organization: CA_ORG, validYears: 20, key: rootKey, pathLen: 1, notBefore: caNotBefore() }), key: rootKey };
  const intermediate = {
    ...createIntermediateCa({
      commonName: INTERMEDIATE_NAME,
      organization: CA_ORG,
      validYears: 10,
      notBefore: caNotBefore(),
      publicKeyPem: intKey.publicKeyPem,
      issuerCertPem: root.certPem,
      issuerKeyPem: rootKey.privateKeyPem,
      crlDistributionUrl: 'http://pki.shifan.gov.cn/root.crl',
    }),
    key: intKey,
  };
  const issuer = { issuerCertPem: intermediate.certPem, issuerKeyPem: intKey.privateKeyPem };
  const agency = {
    ...issueAgencySealCertificate({
      agencyName: AGENCY_NAME,
      agencyCode: AGENCY_CODE,
      email: 'fgw@shifan.gov.cn',
      validYears: 5,
      publicKeyPem: agencyKey.publicKeyPem,
      crlDistributionUrl: 'http://pki.shifan.gov.cn/issuing.crl',
      ...issuer,
    }),
    key: agencyKey,
  };
  const user = {
    ...issueUserCertificate({
      userName: '张晓明',
      username: 'zhangxiaoming',
      agencyName: AGENCY_NAME,
      email: 'zhangxiaoming@shifan.gov.cn',
      validYears: 3,
      publicKeyPem: userKey.publicKeyPem,
      ...issuer,
    }),
    key: userKey,
  };
  const server = {
    ...issueServerCertificate({
      hostnames: ['mail.shifan.gov.cn', 'oa.shifan.gov.cn', '10.0.0.5'],
      organization: CA_ORG,
      validYears: 2,
      publicKeyPem: serverKey.publicKeyPem,
      ...issuer,
    }),
    key: serverKey,
  };
  return { root, intermediate, agency, user, server };
}

/** A second, unrelated CA whose intermediate has exactly the city intermediate's name. */
export async function buildRogueCa(): Promise<{ root: Issued; intermediate: Issued }> {
  const [rootKey, intKey] = await Promise.all([generateRsaKeyPair(2048), generateRsaKeyPair(2048)]);
  const root = { ...createRootCa({ commonName: ROOT_NAME, organization: CA_ORG, validYears: 20, key: rootKey }), key: rootKey };
  const intermediate = {
    ...createIntermediateCa({
      commonName: INTERMEDIATE_NAME,
      organization: CA_ORG,
      validYears: 10,
      publicKeyPem: intKey.publicKeyPem,
      issuerCertPem: root.certPem,
      issuerKeyPem: rootKey.privateKeyPem,
    }),
    key: intKey,
  };
  return { root, intermediate };
}

const made: string[] = [];

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'yizhan-pki-'));
  made.push(dir);
  return dir;
}

/** For afterAll: removes the directories tempDir made in this test file. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
}

/** Runs Debian's openssl in `cwd`; returns the exit code and stdout+stderr. */
export function openssl(cwd: string, ...args: string[]): { code: number; out: string } {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}
