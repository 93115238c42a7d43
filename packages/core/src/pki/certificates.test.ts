import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntermediateCa, issueAgencySealCertificate, issueServerCertificate } from './certificates';
import { generateRsaKeyPair } from './keys';
import { randomSerialHex } from './serial';
import { readCertificate } from './x509-reader';
import { AGENCY_CODE, AGENCY_NAME, CA_ORG, INTERMEDIATE_NAME, buildCityPki, openssl, removeTempDirs, tempDir, writeFiles, type CityPki } from './test-support';

describe('certificates checked by openssl', () => {
  let pki: CityPki;
  let dir: string;
  const run = (...args: string[]) => openssl(dir, ...args);
  const verify = (...args: string[]) => run('verify', '-x509_strict', '-CAfile', 'root.pem', '-untrusted', 'intermediate.pem', ...args);

  beforeAll(async () => {
    pki = await buildCityPki();
    dir = tempDir();
    writeFiles(dir, {
      'root.pem': pki.root.certPem,
      'intermediate.pem': pki.intermediate.certPem,
      'agency.pem': pki.agency.certPem,
      'user.pem': pki.user.certPem,
      'server.pem': pki.server.certPem,
    });
  }, 60_000);

  it('openssl verifies root → intermediate → agency', () => {
    const r = verify('agency.pem');
    expect(r.out.trim()).toBe('agency.pem: OK');
    expect(r.code).toBe(0);
  });

  it('openssl rejects the agency certificate without the intermediate', () => {
    const r = run('verify', '-CAfile', 'root.pem', 'agency.pem');
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('unable to get local issuer certificate');
  });

  it('prints the Chinese subject and issuer with -nameopt utf8', () => {
    const r = run('x509', '-in', 'agency.pem', '-noout', '-subject', '-issuer', '-nameopt', 'utf8');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`subject=C=CN, O=${AGENCY_NAME}, OU=${AGENCY_CODE}, CN=${AGENCY_NAME}`);
    expect(r.out).toContain(`issuer=C=CN, O=${CA_ORG}, CN=${INTERMEDIATE_NAME}`);
  });

  it('encodes names as UTF8String (and the country as PrintableString), not double-encoded', () => {
    const r = run('asn1parse', '-in', 'agency.pem');
    expect(r.out).toMatch(new RegExp(`UTF8STRING\\s*:${AGENCY_NAME}`));
    expect(r.out).toMatch(/PRINTABLESTRING\s*:CN/);
    expect(r.out).not.toMatch(/T61STRING|BMPSTRING/);
    // The leaf's issuer Name is byte-for-byte the intermediate's subject Name.
    expect(readCertificate(pki.agency.certPem).issuerNameDer.equals(readCertificate(pki.intermediate.certPem).subjectNameDer)).toBe(true);
  });

  it('gives the agency seal certificate the usages for sealing and for receiving envelopes', () => {
    const r = run('x509', '-in', 'agency.pem', '-noout', '-ext', 'basicConstraints,keyUsage,extendedKeyUsage,subjectAltName,crlDistributionPoints');
    expect(r.out).toContain('CA:FALSE');
    expect(r.out).toMatch(/Key Usage: critical\s+Digital Signature, Non Repudiation, Key Encipherment/);
    expect(r.out).toContain('E-mail Protection, 1.3.6.1.5.5.7.3.36');
    expect(r.out).toContain('email:fgw@shifan.gov.cn');
    expect(r.out).toContain('URI:http://pki.shifan.gov.cn/issuing.crl');
    expect(verify('-purpose', 'smimesign', 'agency.pem').code).toBe(0);
    expect(verify('-purpose', 'smimeencrypt', 'agency.pem').code).toBe(0);
  });

  it('makes CA certificates with the right constraints and key identifiers', () => {
    const root = run('x509', '-in', 'root.pem', '-noout', '-text');
    expect(root.out).toMatch(/Basic Constraints: critical\s+CA:TRUE, pathlen:1/);
    expect(root.out).toMatch(/Key Usage: critical\s+Digital Signature, Certificate Sign, CRL Sign/);
    expect(root.out).toContain('Signature Algorithm: sha256WithRSAEncryption');
    const int = run('x509', '-in', 'intermediate.pem', '-noout', '-ext', 'basicConstraints,subjectKeyIdentifier');
    expect(int.out).toMatch(/CA:TRUE, pathlen:0/);
    const ski = /Subject Key Identifier:\s+([0-9A-F:]+)/.exec(int.out)![1];
    const aki = run('x509', '-in', 'agency.pem', '-noout', '-ext', 'authorityKeyIdentifier').out;
    expect(aki).toContain(ski);
  });

  it('user certificate: person in Chinese, email SAN, signing only', () => {
    const subject = run('x509', '-in', 'user.pem', '-noout', '-subject', '-nameopt', 'utf8').out;
    expect(subject).toContain(`subject=C=CN, O=${AGENCY_NAME}, CN=张晓明, UID=zhangxiaoming`);
    const ext = run('x509', '-in', 'user.pem', '-noout', '-ext', 'keyUsage,subjectAltName').out;
    expect(ext).toMatch(/Digital Signature, Non Repudiation\n/);
    expect(ext).toContain('email:zhangxiaoming@shifan.gov.cn');
    expect(verify('-purpose', 'smimesign', 'user.pem').code).toBe(0);
    expect(verify('-purpose', 'smimeencrypt', 'user.pem').out).toContain('unsuitable certificate purpose');
  });

  it('server certificate serves the hostnames and IPs for TLS', () => {
    expect(verify('-purpose', 'sslserver', '-verify_hostname', 'mail.shifan.gov.cn', 'server.pem').code).toBe(0);
    expect(verify('-purpose', 'sslserver', '-verify_hostname', 'oa.shifan.gov.cn', 'server.pem').code).toBe(0);
    expect(verify('-purpose', 'sslserver', '-verify_ip', '10.0.0.5', 'server.pem').code).toBe(0);
    const wrong = verify('-purpose', 'sslserver', '-verify_hostname', 'www.example.com', 'server.pem');
    expect(wrong.out).toContain('hostname mismatch');
    expect(verify('-purpose', 'sslserver', 'agency.pem').out).toContain('unsuitable certificate purpose');
  });

  it('uses random positive 16-byte serials, as openssl reads them', () => {
    const serial = run('x509', '-in', 'agency.pem', '-noout', '-serial').out.trim();
    expect(serial).toBe(`serial=${pki.agency.serialHex.toUpperCase()}`);
    expect(pki.agency.serialHex).toMatch(/^[0-7][0-9a-f]{31}$/);
    expect(pki.agency.serialHex).not.toMatch(/^00/);
    const many = new Set(Array.from({ length: 1000 }, randomSerialHex));
    expect(many.size).toBe(1000);
    for (const s of many) expect(s).toMatch(/^(0[1-9a-f]|[1-7][0-9a-f])[0-9a-f]{30}$/);
  });

  it('reports what it encoded', () => {
    const x = new X509Certificate(pki.agency.certPem);
    expect(new Date(x.validFrom).getTime()).toBe(pki.agency.notBefore.getTime());
    expect(new Date(x.validTo).getTime()).toBe(pki.agency.notAfter.getTime());
    expect(x.fingerprint256.replace(/:/g, '').toLowerCase()).toBe(pki.agency.fingerprintSha256);
    expect(pki.agency.notAfter.getUTCFullYear() - pki.agency.notBefore.getUTCFullYear()).toBe(5);
  });

  it('keeps a caller-chosen serial and caps validity at the issuer’s', async () => {
    const key = await generateRsaKeyPair(2048);
    const cert = issueAgencySealCertificate({
      agencyName: AGENCY_NAME,
      agencyCode: AGENCY_CODE,
      serialHex: '80ab',
      validYears: 50,
      publicKeyPem: key.publicKeyPem,
      issuerCertPem: pki.intermediate.certPem,
      issuerKeyPem: pki.intermediate.key.privateKeyPem,
    });
    expect(cert.serialHex).toBe('80ab');
    expect(new X509Certificate(cert.certPem).serialNumber).toBe('80AB');
    expect(cert.notAfter.getTime()).toBe(pki.intermediate.notAfter.getTime());
    writeFiles(dir, { 'capped.pem': cert.certPem });
    expect(verify('capped.pem').code).toBe(0);
  });

  it('refuses to issue with the wrong key, from a leaf, or a CA below pathlen 0', async () => {
    const key = await generateRsaKeyPair(2048);
    const base = { agencyName: AGENCY_NAME, agencyCode: AGENCY_CODE, validYears: 1, publicKeyPem: key.publicKeyPem };
    expect(() =>
      issueAgencySealCertificate({ ...base, issuerCertPem: pki.intermediate.certPem, issuerKeyPem: pki.root.key.privateKeyPem }),
    ).toThrow(/does not match/);
    expect(() =>
      issueAgencySealCertificate({ ...base, issuerCertPem: pki.agency.certPem, issuerKeyPem: pki.agency.key.privateKeyPem }),
    ).toThrow(/not a CA/);
    expect(() =>
      createIntermediateCa({
        commonName: '下级CA',
        organization: CA_ORG,
        validYears: 1,
        publicKeyPem: key.publicKeyPem,
        issuerCertPem: pki.intermediate.certPem,
        issuerKeyPem: pki.intermediate.key.privateKeyPem,
      }),
    ).toThrow(/pathLenConstraint 0/);
    expect(() =>
      issueServerCertificate({ hostnames: ['bad host'], validYears: 1, publicKeyPem: key.publicKeyPem, issuerCertPem: pki.intermediate.certPem, issuerKeyPem: pki.intermediate.key.privateKeyPem }),
    ).toThrow(/neither an IP address nor a DNS name/);
  });
});

afterAll(removeTempDirs);
