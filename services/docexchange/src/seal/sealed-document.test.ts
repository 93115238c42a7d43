/**
 * The whole official-document PDF path checked by independent tools: render a realistic 公文,
 * draw the seal, sign it (PAdES) with a fresh city CA → agency certificate, then ask poppler
 * (pdfsig, pdffonts, pdftotext, pdftoppm with an empty fontconfig), qpdf, NSS and openssl.
 * The sample files are left in /tmp/docexchange-samples/ for a human look.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrl, generateRsaKeyPair, issueAgencySealCertificate } from '@yizhan/core';
import { AGENCY_CODE, AGENCY_NAME, buildCityPki, buildRogueCa, type CityPki, type Issued } from '@yizhan/core/pki/test-support';
import { renderOfficialDocument } from '../layout/render-official-document';
import { SAMPLE_TITLE, sampleNotice } from '../layout/sample-document';
import { mm, TYPE_AREA } from '../layout/page-geometry';
import type { RenderedDocument } from '../layout/official-document';
import { children, ctx, readNode } from '../exchange/asn1';
import { drawAgencySeal } from './draw-agency-seal';
import { embedSealFont } from './seal-font';
import { signPdf, type PdfSigner } from './sign-pdf';
import { verifyPdfSignatures } from './verify-pdf';
import {
  countPixels,
  emptyFontconfigEnv,
  isDark,
  isRed,
  nssTrustStore,
  readPpm,
  removeTempDirs,
  rowsWith,
  signatureRanges,
  tempDir,
  tool,
} from './pdf-tools.test-support';

const SAMPLES = '/tmp/docexchange-samples';
const content = sampleNotice();

let pki: CityPki;
let rendered: RenderedDocument;
let signed: Uint8Array;
let nss: string;
let dir: string;
const timings: Record<string, number> = {};

const signerOf = (cert: Issued, chain: Issued[]): PdfSigner => ({
  certPem: cert.certPem,
  keyPem: cert.key.privateKeyPem,
  chainPems: chain.map((c) => c.certPem),
});
const write = (name: string, bytes: Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};
const pdfsig = (path: string, trusted = false) => tool('pdfsig', trusted ? ['-nssdir', nss, path] : [path]).out;
const flip = (pdf: Uint8Array, offset: number, to?: number) => {
  const copy = Uint8Array.from(pdf);
  copy[offset] = to ?? copy[offset] ^ 0x01;
  return copy;
};

/** The DER SignedData in a /Contents hex string (zero-padded after it) and the certificates it embeds. */
function signedDataOf(hex: string) {
  const contents = Buffer.from(hex, 'hex');
  const root = readNode(contents);
  const fields = children(contents, children(contents, children(contents, root)[1])[0]); // ContentInfo → [0] → SignedData
  const certificateSet = fields.find((f) => f.tag === ctx(0, true)); // [0] IMPLICIT CertificateSet
  return { der: contents.subarray(0, root.end), certificates: children(contents, certificateSet) };
}

async function sealAndSign(doc: RenderedDocument, signer: PdfSigner, agencyName = content.signatureName): Promise<Uint8Array> {
  const pdf = await PDFDocument.load(doc.pdf);
  const font = await embedSealFont(pdf);
  drawAgencySeal(pdf.getPages()[doc.sealPlacement.page], { ...doc.sealPlacement, agencyName, font });
  const sealed = await pdf.save({ useObjectStreams: false });
  return signPdf(sealed, signer, { reason: '示范市人民政府电子公文签章', location: '示范市', name: agencyName, page: doc.sealPlacement.page });
}

beforeAll(async () => {
  dir = tempDir();
  mkdirSync(SAMPLES, { recursive: true });
  pki = await buildCityPki();
  nss = nssTrustStore(pki.root.certPem, [pki.intermediate.certPem]);

  let start = performance.now();
  rendered = await renderOfficialDocument(content);
  timings.renderFirst = performance.now() - start;
  start = performance.now();
  rendered = await renderOfficialDocument(content);
  timings.render = performance.now() - start;

  start = performance.now();
  signed = await sealAndSign(rendered, signerOf(pki.agency, [pki.intermediate, pki.root]));
  timings.sealAndSign = performance.now() - start;

  writeFileSync(join(SAMPLES, 'sample-unsigned.pdf'), rendered.pdf);
  writeFileSync(join(SAMPLES, 'sample-signed.pdf'), signed);
  write('signed.pdf', signed);
  console.info(
    `render ${timings.render.toFixed(0)} ms (first ${timings.renderFirst.toFixed(0)} ms), seal+sign ${timings.sealAndSign.toFixed(0)} ms, ` +
      `${rendered.pages} pages, ${rendered.pdf.length} B unsigned, ${signed.length} B signed`,
  );
}, 60_000);

afterAll(removeTempDirs);

describe('sealed and signed 公文, checked by poppler, qpdf, NSS and openssl', () => {
  it('is a valid PAdES signature over the whole document (pdfsig)', () => {
    const out = pdfsig(join(dir, 'signed.pdf'));
    expect(out).toContain('Signature is Valid.');
    expect(out).toContain('Total document signed');
    expect(out).toContain('Signature Type: ETSI.CAdES.detached');
    expect(out).toContain('Signing Hash Algorithm: SHA-256');
    expect(out).toContain(`Signer Certificate Common Name: ${AGENCY_NAME}`);
  });

  it('chains to the city CA in an NSS trust store (pdfsig -nssdir)', () => {
    expect(pdfsig(join(dir, 'signed.pdf'), true)).toContain('Certificate is Trusted.');
  });

  it('passes qpdf --check', () => {
    const r = tool('qpdf', ['--check', join(dir, 'signed.pdf')]);
    expect(r.out).toContain('No syntax or stream encoding errors found');
    expect(r.out).not.toMatch(/WARNING|error:/i);
    expect(r.code).toBe(0);
  });

  it('embeds every font as a TrueType subset (pdffonts)', () => {
    const rows = tool('pdffonts', [join(dir, 'signed.pdf')])
      .out.trim()
      .split('\n')
      .slice(2);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const row of rows) {
      expect(row).toMatch(/^[A-Z]{6}\+\S+\s+CID TrueType\s+Identity-H\s+yes yes yes/);
      expect(row).not.toContain('Type 3');
    }
  });

  it('has the elements in reading order (pdftotext)', () => {
    const text = tool('pdftotext', [join(dir, 'signed.pdf'), '-']).out;
    const flat = text.replace(/\s+/g, '');
    const order = [
      '000128',
      '加急',
      '示范市人民政府文件',
      content.docNumber,
      SAMPLE_TITLE,
      '各县（市、区）人民政府、市政府各部门、示范经济技术开发区管委会：',
      '一、总体要求',
      '附件：1.2026年数字政府建设工作要点',
      content.date,
      '（此件公开发布）',
      '抄送：市委各部门，市人大常委会办公室',
      '示范市人民政府办公室',
      '2026年11月23日印发',
    ].map((s) => s.replace(/\s+/g, ''));
    let at = -1;
    for (const piece of order) {
      const found = flat.indexOf(piece, at + 1);
      expect(found, piece).toBeGreaterThan(at);
      at = found;
    }
    expect(text).toContain('— 1 —');
  });

  it('renders without any system font: text, red header and red seal are on the pixels (pdftoppm, empty fontconfig)', () => {
    const env = emptyFontconfigEnv();
    const last = rendered.pages;
    for (const [page, dpi] of [
      [1, 60],
      [last, 60],
      [1, 150],
    ] as const) {
      const base = join(dir, `p${page}-${dpi}`);
      const r = tool('pdftoppm', ['-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', join(dir, 'signed.pdf'), base], { env });
      expect(r.code).toBe(0);
      expect(r.stderr).not.toMatch(/font|Syntax Error/i);
      tool(
        'pdftoppm',
        ['-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', '-png', join(dir, 'signed.pdf'), join(SAMPLES, `page-${page}-${dpi}dpi`)],
        { env },
      );
    }
    const first = readPpm(join(dir, 'p1-60.ppm'), 60);
    const lastPage = readPpm(join(dir, `p${last}-60.ppm`), 60);
    expect(countPixels(first, isDark)).toBeGreaterThan(3000);
    expect(countPixels(lastPage, isDark)).toBeGreaterThan(1500);
    // Red 标志 and red line in the header band (60–100 mm from the top of the page).
    const header = { x1: TYPE_AREA.left, x2: TYPE_AREA.right, y1: 841.89 - mm(100), y2: 841.89 - mm(60) };
    expect(countPixels(first, isRed, header)).toBeGreaterThan(800);
    // Red seal around its placement on its page (the last one here).
    const { centerX, centerY, diameter, page } = rendered.sealPlacement;
    expect(page).toBe(last - 1);
    const seal = { x1: centerX - diameter / 2, x2: centerX + diameter / 2, y1: centerY - diameter / 2, y2: centerY + diameter / 2 };
    expect(countPixels(lastPage, isRed, seal)).toBeGreaterThan(300);
    expect(countPixels(lastPage, isRed)).toBeLessThan(countPixels(lastPage, isRed, seal) * 1.05);

    // Measured on the pixels at 150 dpi: 标志 top 35 mm below the type area (72 mm from the
    // page top), red line 156 mm wide from 28 mm.
    const hi = readPpm(join(dir, 'p1-150.ppm'), 150);
    const pxToMm = (px: number) => (px * 25.4) / 150;
    const redRows = rowsWith(hi, isRed);
    expect(pxToMm(redRows[0])).toBeGreaterThan(71.2);
    expect(pxToMm(redRows[0])).toBeLessThan(72.8);
    const lineRows = rowsWith(hi, isRed, (hi.width * 150) / 210 - 20);
    expect(lineRows.length).toBeGreaterThan(0);
    const y = lineRows[0];
    let left = 0;
    while (!isRed(hi.rgb[(y * hi.width + left) * 3], hi.rgb[(y * hi.width + left) * 3 + 1], hi.rgb[(y * hi.width + left) * 3 + 2])) left++;
    expect(Math.abs(pxToMm(left) - 28)).toBeLessThan(0.5);
  });

  it('verifies with our verifier: signer, agency code, time, reason, chain', () => {
    const result = verifyPdfSignatures(signed, { rootPems: [pki.root.certPem] });
    expect(result.valid).toBe(true);
    expect(result.signatures).toHaveLength(1);
    const [sig] = result.signatures;
    expect(sig).toMatchObject({
      valid: true,
      coversWholeDocument: true,
      chainTrusted: true,
      revoked: false,
      signerSubject: AGENCY_NAME,
      signerOrganizationUnit: AGENCY_CODE,
      reason: '示范市人民政府电子公文签章',
      subFilter: 'ETSI.CAdES.detached',
      problems: [],
    });
    expect(Math.abs(sig.signingTime!.getTime() - Date.now())).toBeLessThan(120_000);
  });

  it('embeds leaf and intermediate but not the root, with signingCertificateV2 (openssl cms)', () => {
    const { a, b, c, d, hex } = signatureRanges(signed);
    const cms = signedDataOf(hex);
    expect(cms.certificates).toHaveLength(2);
    const der = cms.der;
    const sigPath = write('sig.der', der);
    write('content.bin', Buffer.concat([signed.subarray(a, a + b), signed.subarray(c, c + d)]));
    writeFileSync(join(dir, 'root.pem'), pki.root.certPem);
    const printed = tool('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', sigPath]).out;
    expect(printed).toMatch(/signingCertificateV2/);
    expect(printed).toMatch(/id-smime-ct|pkcs7-data/);
    const verified = tool('openssl', [
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      sigPath,
      '-content',
      join(dir, 'content.bin'),
      '-CAfile',
      join(dir, 'root.pem'),
      '-purpose',
      'any',
      '-out',
      '/dev/null',
    ]);
    expect(verified.out).toContain('Verification successful');
  });
});

describe('tampering: our verifier agrees with pdfsig', () => {
  it('a byte changed inside the first signed range → digest mismatch', () => {
    const { b } = signatureRanges(signed);
    const text = Buffer.from(signed).toString('latin1');
    const offset = text.indexOf('stream', Math.floor(b / 2)) + 200; // inside a stream's data
    const tampered = flip(signed, offset);
    const ours = verifyPdfSignatures(tampered, { rootPems: [pki.root.certPem] });
    expect(ours.valid).toBe(false);
    expect(ours.signatures[0].valid).toBe(false);
    expect(ours.signatures[0].problems.join()).toMatch(/digest mismatch/);
    expect(pdfsig(write('tampered-range1.pdf', tampered))).toContain('Digest Mismatch.');
  });

  it('a byte changed inside the second signed range (the /Reason) → digest mismatch', () => {
    const { c } = signatureRanges(signed);
    const offset = Buffer.from(signed).indexOf('/Reason', c, 'latin1') + 12;
    const tampered = flip(signed, offset);
    expect(verifyPdfSignatures(tampered, { rootPems: [pki.root.certPem] }).signatures[0].valid).toBe(false);
    expect(pdfsig(write('tampered-range2.pdf', tampered))).toContain('Digest Mismatch.');
  });

  it('a byte changed in the RSA signature → invalid signature', () => {
    const { b, hex } = signatureRanges(signed);
    const length = signedDataOf(hex).der.length;
    const offset = b + 1 + 2 * (length - 100); // a hex digit inside the signature value at the end of the DER
    const digit = signed[offset];
    const tampered = flip(signed, offset, digit === 0x30 ? 0x31 : 0x30);
    const ours = verifyPdfSignatures(tampered, { rootPems: [pki.root.certPem] });
    expect(ours.signatures[0].valid).toBe(false);
    expect(ours.signatures[0].problems.join()).toMatch(/does not verify/);
    expect(pdfsig(write('tampered-signature.pdf', tampered))).toContain('Signature is Invalid.');
  });

  it('bytes appended after signing → not the whole document', () => {
    const tampered = Buffer.concat([signed, Buffer.from('\n% appended after signing\n')]);
    const ours = verifyPdfSignatures(tampered, { rootPems: [pki.root.certPem] });
    expect(ours.signatures[0].valid).toBe(true);
    expect(ours.signatures[0].coversWholeDocument).toBe(false);
    expect(ours.valid).toBe(false);
    const out = pdfsig(write('appended.pdf', tampered));
    expect(out).toContain('Not total document signed');
    expect(out).toContain('Signature is Valid.');
  });

  it('a certificate from another CA → not trusted', async () => {
    const rogue = await buildRogueCa();
    const key = await generateRsaKeyPair(2048);
    const cert = issueAgencySealCertificate({
      agencyName: AGENCY_NAME,
      agencyCode: AGENCY_CODE,
      validYears: 2,
      publicKeyPem: key.publicKeyPem,
      issuerCertPem: rogue.intermediate.certPem,
      issuerKeyPem: rogue.intermediate.key.privateKeyPem,
    });
    const forged = await sealAndSign(rendered, { certPem: cert.certPem, keyPem: key.privateKeyPem, chainPems: [rogue.intermediate.certPem] });
    const ours = verifyPdfSignatures(forged, { rootPems: [pki.root.certPem], intermediatePems: [pki.intermediate.certPem] });
    expect(ours.signatures[0].valid).toBe(true);
    expect(ours.signatures[0].chainTrusted).toBe(false);
    expect(ours.valid).toBe(false);
    const out = pdfsig(write('rogue.pdf', forged), true);
    expect(out).toContain('Signature is Valid.');
    expect(out).not.toContain('Certificate is Trusted.');
  });

  it('a revoked certificate (CRL) → revoked, also for NSS with the CRL imported', () => {
    const crlPem = createCrl({
      issuerCertPem: pki.intermediate.certPem,
      issuerKeyPem: pki.intermediate.key.privateKeyPem,
      revoked: [{ serialHex: pki.agency.serialHex, revokedAt: new Date(Date.now() - 3_600_000), reason: 'keyCompromise' }],
      crlNumber: 1,
      thisUpdate: new Date(Date.now() - 60_000),
      nextUpdate: new Date(Date.now() + 7 * 24 * 3_600_000),
    });
    const ours = verifyPdfSignatures(signed, { rootPems: [pki.root.certPem], crlPems: [crlPem] });
    expect(ours.signatures[0].revoked).toBe(true);
    expect(ours.signatures[0].chainTrusted).toBe(false);
    expect(ours.valid).toBe(false);

    const withCrl = nssTrustStore(pki.root.certPem, [pki.intermediate.certPem]);
    writeFileSync(join(withCrl, 'crl.pem'), crlPem);
    tool('openssl', ['crl', '-in', join(withCrl, 'crl.pem'), '-outform', 'DER', '-out', join(withCrl, 'crl.der')]);
    const imported = tool('crlutil', ['-I', '-d', withCrl, '-i', join(withCrl, 'crl.der'), '-t', '1', '-B']);
    expect(imported.code).toBe(0);
    const out = tool('pdfsig', ['-nssdir', withCrl, join(dir, 'signed.pdf')]).out;
    expect(out).toContain('Signature is Valid.');
    expect(out).toMatch(/Certificate has been Revoked\./);
  });
});

describe('more than one signature', () => {
  it('countersigns as an incremental revision: both signatures stay valid', async () => {
    const twice = await signPdf(signed, signerOf(pki.user, [pki.intermediate]), { reason: '转发', name: '张晓明' });
    expect(Buffer.from(twice.subarray(0, signed.length)).equals(Buffer.from(signed))).toBe(true);
    const path = write('countersigned.pdf', twice);
    writeFileSync(join(SAMPLES, 'sample-countersigned.pdf'), twice);
    const out = pdfsig(path, true);
    expect(out.match(/Signature is Valid\./g)).toHaveLength(2);
    expect(out.match(/Certificate is Trusted\./g)).toHaveLength(2);
    expect(out).toContain('Signature Field Name: Signature2');
    expect(out.indexOf('Not total document signed')).toBeLessThan(out.indexOf('Signature #2'));
    expect(out.slice(out.indexOf('Signature #2'))).toContain('Total document signed');
    expect(tool('qpdf', ['--check', path]).code).toBe(0);
    const ours = verifyPdfSignatures(twice, { rootPems: [pki.root.certPem] });
    expect(ours.valid).toBe(true);
    expect(ours.signatures.map((s) => [s.valid, s.coversWholeDocument, s.signerSubject])).toEqual([
      [true, false, AGENCY_NAME],
      [true, true, '张晓明'],
    ]);
  });

  it('signs a PDF saved with object streams (xref stream update)', async () => {
    const pdf = await PDFDocument.load(rendered.pdf);
    const compact = await pdf.save({ useObjectStreams: true });
    const once = await signPdf(compact, signerOf(pki.agency, [pki.intermediate]), { reason: 'r', name: 'n' });
    const twice = await signPdf(once, signerOf(pki.user, [pki.intermediate]), { reason: 'r2', name: 'n2' });
    const path = write('xref-stream.pdf', twice);
    const out = pdfsig(path, true);
    expect(out.match(/Signature is Valid\./g)).toHaveLength(2);
    expect(out).toContain('Total document signed');
    const check = tool('qpdf', ['--check', path]);
    expect(check.out).toContain('No syntax or stream encoding errors found');
    expect(check.out).not.toMatch(/WARNING/);
    expect(verifyPdfSignatures(twice, { rootPems: [pki.root.certPem] }).valid).toBe(true);
  });

  it('refuses a key that does not belong to the certificate', async () => {
    await expect(
      signPdf(signed, { certPem: pki.agency.certPem, keyPem: pki.user.key.privateKeyPem, chainPems: [] }, { reason: 'x', name: 'y' }),
    ).rejects.toThrow(/does not belong/);
  });

  it('reports a PDF without signatures as not valid', () => {
    expect(verifyPdfSignatures(rendered.pdf, { rootPems: [pki.root.certPem] })).toEqual({ valid: false, signatures: [] });
  });
});
