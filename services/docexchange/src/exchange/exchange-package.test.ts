import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCms } from './cms-signed';
import { buildExchangePackage, openExchangePackage, sealExchangePackage, type BuildExchangePackageInput, type OpenedExchangePackage } from './exchange-package';
import { readTar, writeTar, type TarEntry } from './tar';
import { buildExchangePki, flip, gnuTar, openssl, put, removeTempDirs, tempDir, type ExchangePki, type TestAgency } from './test-support';

const fakePdf = (label: string, size: number) => Buffer.concat([Buffer.from(`%PDF-1.7\n% ${label}\n`), randomBytes(size), Buffer.from('\n%%EOF\n')]);

describe('exchange package: build, seal, open', () => {
  let pki: ExchangePki;
  let A: TestAgency, B: TestAgency, C: TestAgency;
  let input: BuildExchangePackageInput;
  let built: ReturnType<typeof buildExchangePackage>;
  let p7m: Buffer;
  const trust = () => ({ rootPems: [pki.root.certPem], crlPems: [pki.crlPem] });
  const document = fakePdf('正文', 120_000);
  const attachment1 = fakePdf('附件1', 40_000);
  const attachment2 = randomBytes(5_000);

  beforeAll(async () => {
    pki = await buildExchangePki();
    [A, B, C] = pki.agencies;
    input = {
      manifest: {
        documentId: '0195a3c2-7f4e-7c1a-9d2b-2f7e4c9a1b30',
        docNumber: '示发改〔2026〕12号',
        title: '关于做好2026年春节期间安全生产工作的通知',
        senderAgencyCode: A.code,
        senderAgencyName: A.name,
        classification: '非密',
        urgency: '加急',
        mainRecipients: [{ code: B.code, name: B.name }],
        ccRecipients: [{ code: C.code, name: C.name }],
        issuedAt: '2026-01-20T09:30:00+08:00',
        signer: '王建国',
        // A caller-supplied list must be ignored: the builder computes it.
        files: [{ path: 'document.pdf', sha256: '0'.repeat(64), size: 1, mediaType: 'application/pdf', originalName: 'x' }],
      },
      files: [
        { path: 'document.pdf', bytes: document, originalName: '关于做好2026年春节期间安全生产工作的通知.pdf' },
        { path: 'attachments/01.pdf', bytes: attachment1, originalName: '附件1 检查表.pdf' },
        { path: 'attachments/02.xlsx', bytes: attachment2, originalName: '附件2 联系人.xlsx' },
      ],
    };
    built = buildExchangePackage(input, A.signer);
    p7m = sealExchangePackage(built.tar, [B, C]);
  }, 60_000);
  afterAll(removeTempDirs);

  const openAs = (who: TestAgency, pkg = p7m, t = trust()) => openExchangePackage(pkg, who, t);
  const failed = (r: OpenedExchangePackage) => r.verdict.checks.filter((c) => !c.ok).map((c) => c.name);
  const detail = (r: OpenedExchangePackage, name: string) => r.verdict.checks.find((c) => c.name === name)?.detail ?? '';

  /** Rebuilds the tar with `edit` applied to its entries and seals it again for B and C. */
  const repack = (edit: (entries: TarEntry[]) => TarEntry[]) =>
    sealExchangePackage(writeTar(edit(readTar(built.tar).map((e) => ({ ...e, bytes: Buffer.from(e.bytes) })))), [B, C]);

  it('writes canonical manifest.json with the computed file list, then manifest.p7s, then the files', () => {
    const m = JSON.parse(built.manifestBytes.toString('utf8'));
    expect(m.format).toBe('yizhan-exchange/1');
    expect(m.files).toEqual([
      {
        path: 'document.pdf',
        sha256: createHash('sha256').update(document).digest('hex'),
        size: document.length,
        mediaType: 'application/pdf',
        originalName: '关于做好2026年春节期间安全生产工作的通知.pdf',
      },
      {
        path: 'attachments/01.pdf',
        sha256: createHash('sha256').update(attachment1).digest('hex'),
        size: attachment1.length,
        mediaType: 'application/pdf',
        originalName: '附件1 检查表.pdf',
      },
      {
        path: 'attachments/02.xlsx',
        sha256: createHash('sha256').update(attachment2).digest('hex'),
        size: attachment2.length,
        mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        originalName: '附件2 联系人.xlsx',
      },
    ]);
    expect(Object.keys(m)).toEqual([...Object.keys(m)].sort());
    expect(readTar(built.tar).map((e) => e.path)).toEqual(['manifest.json', 'manifest.p7s', 'document.pdf', 'attachments/01.pdf', 'attachments/02.xlsx']);
  });

  it('interoperates end to end: openssl cms -decrypt (each recipient) → GNU tar -xf → openssl cms -verify of manifest.p7s', () => {
    const dir = tempDir();
    put(dir, {
      'pkg.p7m': p7m,
      'root.pem': pki.root.certPem,
      'b.pem': B.certPem,
      'b.key': B.keyPem,
      'c.pem': C.certPem,
      'c.key': C.keyPem,
      'a.pem': A.certPem,
      'a.key': A.keyPem,
    });
    for (const who of ['b', 'c']) {
      const r = openssl(dir, 'cms', '-decrypt', '-inform', 'DER', '-in', 'pkg.p7m', '-recip', `${who}.pem`, '-inkey', `${who}.key`, '-out', `${who}.tar`);
      expect(r.code, r.out).toBe(0);
      expect(readFileSync(join(dir, `${who}.tar`)).equals(built.tar)).toBe(true);
    }
    // The sender is not a recipient of its own package.
    expect(openssl(dir, 'cms', '-decrypt', '-inform', 'DER', '-in', 'pkg.p7m', '-recip', 'a.pem', '-inkey', 'a.key', '-out', 'a.tar').code).not.toBe(0);

    mkdirSync(join(dir, 'x'));
    expect(gnuTar(dir, '-xf', 'b.tar', '-C', 'x').code).toBe(0);
    expect(readFileSync(join(dir, 'x', 'attachments', '01.pdf')).equals(attachment1)).toBe(true);
    const v = openssl(
      join(dir, 'x'),
      'cms',
      '-verify',
      '-inform',
      'DER',
      '-in',
      'manifest.p7s',
      '-content',
      'manifest.json',
      '-CAfile',
      '../root.pem',
      '-binary',
      '-out',
      '../verified.json',
    );
    expect(v.code, v.out).toBe(0);
    expect(v.out).toContain('Verification successful');
    expect(readFileSync(join(dir, 'verified.json')).equals(built.manifestBytes)).toBe(true);
  });

  it('opens for each recipient with an all-green verdict', () => {
    for (const who of [B, C]) {
      const r = openAs(who);
      expect(failed(r)).toEqual([]);
      expect(r.verdict.ok).toBe(true);
      expect(r.verdict.checks.map((c) => c.name)).toEqual([
        'decrypt',
        'container',
        'manifest',
        'signature',
        'signer-certificate',
        'signer-not-revoked',
        'signer-agency',
        'addressed-to-recipient',
        'file:document.pdf',
        'file:attachments/01.pdf',
        'file:attachments/02.xlsx',
        'no-missing-files',
        'no-extra-files',
      ]);
      expect(r.manifest?.docNumber).toBe('示发改〔2026〕12号');
      expect(r.files.get('document.pdf')?.equals(document)).toBe(true);
      expect(r.files.get('attachments/02.xlsx')?.equals(attachment2)).toBe(true);
      expect(r.sender?.agencyCode).toBe(A.code);
      expect(r.packageSha256).toBe(createHash('sha256').update(p7m).digest('hex'));
    }
  });

  it('a changed byte in the p7m: decryption fails, verdict not ok', () => {
    const r = openAs(B, flip(p7m, p7m.length - 20_000));
    expect(r.verdict.ok).toBe(false);
    expect(failed(r)).toEqual(['decrypt']);
    expect(detail(r, 'decrypt')).toMatch(/^tampered: .*authentication/);
    expect(r.manifest).toBeNull();
    expect(r.files.size).toBe(0);
  });

  it('not a recipient: decrypt check names it', () => {
    const r = openAs(A);
    expect(r.verdict.ok).toBe(false);
    expect(detail(r, 'decrypt')).toMatch(/^not-recipient: /);
  });

  it('a changed byte in a file, re-sealed: hash mismatch', () => {
    const pkg = repack((es) => es.map((e) => (e.path === 'attachments/01.pdf' ? { ...e, bytes: flip(e.bytes, 1000) } : e)));
    const r = openAs(B, pkg);
    expect(r.verdict.ok).toBe(false);
    expect(failed(r)).toEqual(['file:attachments/01.pdf']);
    expect(detail(r, 'file:attachments/01.pdf')).toContain('SHA-256');
  });

  it('a changed manifest.json, re-sealed: the signature fails', () => {
    const edited = Buffer.from(built.manifestBytes.toString('utf8').replace('加急', '特急'), 'utf8');
    const pkg = repack((es) => es.map((e) => (e.path === 'manifest.json' ? { ...e, bytes: edited } : e)));
    const r = openAs(B, pkg);
    expect(r.verdict.ok).toBe(false);
    expect(failed(r)).toEqual(['signature']);
    expect(detail(r, 'signature')).toContain('content altered');
    // A byte flip that breaks the JSON also fails the manifest check.
    const broken = openAs(
      B,
      repack((es) => es.map((e) => (e.path === 'manifest.json' ? { ...e, bytes: flip(e.bytes, 0) } : e))),
    );
    expect(failed(broken)).toEqual(['manifest', 'signature']);
  });

  it('signed by another agency (B signs a manifest naming A): OU mismatch', () => {
    const pkg = repack((es) => es.map((e) => (e.path === 'manifest.p7s' ? { ...e, bytes: signCms(built.manifestBytes, B.signer, { detached: true }) } : e)));
    const r = openAs(C, pkg);
    expect(r.verdict.ok).toBe(false);
    expect(failed(r)).toEqual(['signer-agency']);
    expect(detail(r, 'signer-agency')).toContain(B.code);
  });

  it("signed with a certificate from another CA that claims the sender's code: chain untrusted", () => {
    const forged = buildExchangePackage(input, pki.rogueA.signer);
    const r = openAs(B, sealExchangePackage(forged.tar, [B]));
    expect(r.verdict.ok).toBe(false);
    expect(failed(r)).toEqual(['signer-certificate']);
  });

  it('signed with a revoked certificate: flagged by the CRL', () => {
    const pkg = sealExchangePackage(buildExchangePackage(input, pki.revokedA.signer).tar, [B]);
    const r = openAs(B, pkg);
    expect(r.verdict.ok).toBe(false);
    expect(failed(r)).toEqual(['signer-certificate', 'signer-not-revoked']);
    expect(detail(r, 'signer-not-revoked')).toContain('revoked');
    expect(openAs(B, pkg, { rootPems: [pki.root.certPem], crlPems: [] }).verdict.ok).toBe(true); // without the CRL it looks fine
  });

  it('no changed byte anywhere in the container gives an ok verdict (sampled)', () => {
    const small = buildExchangePackage({ ...input, files: [{ path: 'document.pdf', bytes: Buffer.from('%PDF-1.7 short') }] }, A.signer);
    let notOk = 0;
    for (let i = 0; i < small.tar.length; i += 11) {
      const r = openAs(B, sealExchangePackage(flip(small.tar, i), [B]));
      expect(r.verdict.ok, `byte ${i}: ${JSON.stringify(r.verdict.checks.filter((c) => !c.ok))}`).toBe(false);
      expect(r.verdict.checks.some((c) => c.name === 'internal')).toBe(false);
      notOk++;
    }
    expect(notOk).toBeGreaterThan(small.tar.length / 12);
    expect(openAs(B, sealExchangePackage(small.tar, [B])).verdict.ok).toBe(true);
  });

  it('flags extra and missing files', () => {
    const extra = openAs(
      B,
      repack((es) => [...es, { path: 'attachments/99.exe', bytes: Buffer.from('MZ') }]),
    );
    expect(failed(extra)).toEqual(['no-extra-files']);
    expect(detail(extra, 'no-extra-files')).toContain('attachments/99.exe');
    const missing = openAs(
      B,
      repack((es) => es.filter((e) => e.path !== 'attachments/02.xlsx')),
    );
    expect(failed(missing)).toEqual(['no-missing-files']);
    expect(missing.verdict.ok).toBe(false);
  });

  it('flags a package sealed to an agency the manifest does not address', () => {
    const onlyB = buildExchangePackage({ ...input, manifest: { ...input.manifest, ccRecipients: [] } }, A.signer);
    const r = openAs(C, sealExchangePackage(onlyB.tar, [B, C]));
    expect(failed(r)).toEqual(['addressed-to-recipient']);
  });

  it('flags an unreadable container or a missing manifest', () => {
    expect(failed(openAs(B, sealExchangePackage(Buffer.from('not a tar'), [B])))).toEqual(['container']);
    const noSig = openAs(
      B,
      repack((es) => es.filter((e) => e.path !== 'manifest.p7s')),
    );
    expect(failed(noSig)).toEqual(['container']);
    expect(detail(noSig, 'container')).toContain('manifest.p7s');
  });

  it('refuses to build what the format does not allow', () => {
    const m = input.manifest;
    expect(() => buildExchangePackage({ ...input, manifest: { ...m, classification: '秘密' as '非密' } }, A.signer)).toThrow(/classification/);
    expect(() => buildExchangePackage(input, B.signer)).toThrow(/senderAgencyCode/);
    expect(() => buildExchangePackage({ ...input, files: [{ path: 'attachments/01.pdf', bytes: attachment1 }] }, A.signer)).toThrow(/main document/);
    expect(() => buildExchangePackage({ ...input, files: [{ path: '../document.pdf', bytes: document }] }, A.signer)).toThrow(/files/);
    expect(() => buildExchangePackage({ ...input, files: [{ path: 'document.pdf', bytes: document, originalName: '../../x.pdf' }] }, A.signer)).toThrow(
      /originalName/,
    );
    expect(() => buildExchangePackage({ ...input, manifest: { ...m, ccRecipients: [{ code: B.code, name: B.name }] } }, A.signer)).toThrow(/twice/);
  });
});
