/** poppler's pdfsig with the city CA in an NSS trust store, and qpdf: tools nobody here wrote. */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export function splitCaBundle(bundlePem: string, dir: string): { root: string; issuing: string } {
  const certs = bundlePem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/g) ?? [];
  if (certs.length !== 2) throw new Error(`expected root + issuing CA, got ${certs.length} certificates`);
  const root = path.join(dir, 'root.pem');
  const issuing = path.join(dir, 'issuing.pem');
  fs.writeFileSync(root, certs[0]);
  fs.writeFileSync(issuing, certs[1]);
  return { root, issuing };
}

/** An NSS database trusting the city root (and knowing the issuing CA), for `pdfsig -nssdir`. */
export function nssTrustStore(dir: string, ca: { root: string; issuing: string }): string {
  const db = path.join(dir, 'nss');
  fs.mkdirSync(db, { recursive: true });
  execFileSync('certutil', ['-N', '-d', db, '--empty-password']);
  execFileSync('certutil', ['-A', '-d', db, '-n', 'city-root', '-t', 'C,C,C', '-i', ca.root]);
  execFileSync('certutil', ['-A', '-d', db, '-n', 'city-issuing', '-t', ',,', '-i', ca.issuing]);
  return db;
}

export function pdfsig(file: string, nssdir?: string): string {
  const r = spawnSync('pdfsig', [...(nssdir ? ['-nssdir', nssdir] : []), file], { encoding: 'utf8' });
  return r.stdout + r.stderr;
}

export function qpdfCheck(file: string): { ok: boolean; output: string } {
  const r = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
  return { ok: r.status === 0, output: r.stdout + r.stderr };
}
