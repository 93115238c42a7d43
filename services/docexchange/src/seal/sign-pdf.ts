/**
 * PAdES signing (SubFilter ETSI.CAdES.detached, SHA-256) of a laid-out and sealed PDF. The
 * signature field is added with @signpdf/placeholder-pdf-lib and appended as an incremental
 * update, so the visible seal drawn before is part of the signed revision and a document that
 * is already signed (a forwarded document countersigned) keeps its earlier signatures valid.
 * The CMS SignedData (detached, signed attributes contentType, signingTime, messageDigest and
 * signingCertificateV2, chain embedded) is the exchange package's signCms over the byte ranges.
 */
import { X509Certificate } from 'node:crypto';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { signCms, type CmsSigner } from '../exchange/cms-signed';
import { changedObjects, reserveObjectNumbers, snapshot, updateSection } from './incremental-update';

export interface PdfSigner {
  certPem: string;
  /** PKCS#8 or PKCS#1 PEM of the certificate's RSA key. */
  keyPem: string;
  /** Intermediate CA certificates (a self-signed root given here is left out). */
  chainPems: string[];
}

export interface SignatureMeta {
  reason: string;
  location?: string;
  /** Name of the signer as shown by readers (the agency). */
  name: string;
  signingTime?: Date;
  /** Page (0-based) the invisible signature widget belongs to; the first page by default. */
  page?: number;
}

const BYTE_RANGE_PLACEHOLDER = '**********';
const SUBFILTER = 'ETSI.CAdES.detached';

export async function signPdf(pdf: Uint8Array, signer: PdfSigner, meta: SignatureMeta): Promise<Uint8Array> {
  const signingTime = wholeSeconds(meta.signingTime ?? new Date());
  const cmsSigner: CmsSigner = { certPem: signer.certPem, keyPem: signer.keyPem, chainPems: intermediates(signer) };

  // Size the /Contents placeholder from a dry run with the same certificates, key and signing
  // time (it also refuses a key that is not the certificate's, before the PDF is touched): the
  // digest and the RSA signature have fixed sizes, so only the signed content differs.
  const dryRun = signCms(Buffer.alloc(0), cmsSigner, { detached: true, signingTime });
  const signatureLength = 2 * (dryRun.length + 256);

  const prepared = await withPlaceholder(pdf, { ...meta, signingTime }, signatureLength);
  const { byteRange, contentsStart, contentsEnd } = fillByteRange(prepared, pdf.length);
  const signedBytes = Buffer.concat([
    prepared.subarray(byteRange[0], byteRange[0] + byteRange[1]),
    prepared.subarray(byteRange[2], byteRange[2] + byteRange[3]),
  ]);
  const cms = signCms(signedBytes, cmsSigner, { detached: true, signingTime });
  const hex = cms.toString('hex');
  const capacity = contentsEnd - contentsStart - 2;
  if (hex.length > capacity) throw new Error(`signature (${hex.length} hex digits) exceeds its placeholder (${capacity})`);
  prepared.write(hex.padEnd(capacity, '0'), contentsStart + 1, 'latin1');
  return new Uint8Array(prepared.buffer, prepared.byteOffset, prepared.length);
}

/** The intermediates to embed after the signer's certificate: duplicates and roots (self-signed) left out. */
function intermediates(signer: PdfSigner): string[] {
  const seen = new Set([new X509Certificate(signer.certPem).fingerprint256]);
  const chain: string[] = [];
  for (const pem of signer.chainPems) {
    const cert = new X509Certificate(pem);
    if (seen.has(cert.fingerprint256) || (cert.checkIssued(cert) && cert.verify(cert.publicKey))) continue;
    seen.add(cert.fingerprint256);
    chain.push(pem);
  }
  return chain;
}

async function withPlaceholder(pdf: Uint8Array, meta: SignatureMeta & { signingTime: Date }, signatureLength: number): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  if (doc.isEncrypted) throw new Error('cannot sign an encrypted PDF');
  reserveObjectNumbers(doc.context, pdf);
  const before = snapshot(doc.context);
  const pages = doc.getPages();
  const existing = signatureFieldCount(doc);
  pdflibAddPlaceholder({
    pdfDoc: doc,
    pdfPage: pages[Math.min(Math.max(meta.page ?? 0, 0), pages.length - 1)],
    reason: pdfText(meta.reason),
    contactInfo: '',
    name: pdfText(meta.name),
    location: pdfText(meta.location ?? ''),
    signingTime: meta.signingTime,
    signatureLength,
    subFilter: SUBFILTER,
    appName: 'Yizhan',
  });
  // The placeholder names every field Signature1; a countersignature needs its own name.
  const fields = doc.catalog.lookup(PDFName.of('AcroForm'), PDFDict).lookup(PDFName.of('Fields'), PDFArray);
  fields.lookup(fields.size() - 1, PDFDict).set(PDFName.of('T'), PDFString.of(`Signature${existing + 1}`));
  const update = updateSection(doc, pdf, changedObjects(doc.context, before));
  return Buffer.concat([Buffer.from(pdf.buffer, pdf.byteOffset, pdf.length), update]);
}

function signatureFieldCount(doc: PDFDocument): number {
  const form = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
  const fields = form?.lookupMaybe(PDFName.of('Fields'), PDFArray);
  if (!fields) return 0;
  let count = 0;
  for (let i = 0; i < fields.size(); i++) {
    if (fields.lookupMaybe(i, PDFDict)?.get(PDFName.of('FT')) === PDFName.of('Sig')) count++;
  }
  return count;
}

/** Writes the real /ByteRange over its placeholder; returns it with the /Contents hex string's bounds. */
function fillByteRange(pdf: Buffer, searchFrom: number) {
  const placeholder = `/ByteRange [ 0 /${BYTE_RANGE_PLACEHOLDER} /${BYTE_RANGE_PLACEHOLDER} /${BYTE_RANGE_PLACEHOLDER} ]`;
  const at = pdf.indexOf(placeholder, searchFrom, 'latin1');
  if (at < 0) throw new Error('signature placeholder not found');
  const contentsKey = pdf.indexOf('/Contents', at + placeholder.length, 'latin1');
  const contentsStart = pdf.indexOf('<', contentsKey, 'latin1');
  const contentsEnd = pdf.indexOf('>', contentsStart, 'latin1') + 1;
  if (contentsKey < 0 || contentsStart < 0 || contentsEnd <= 0) throw new Error('signature /Contents placeholder not found');
  const byteRange = [0, contentsStart, contentsEnd, pdf.length - contentsEnd];
  const text = `/ByteRange [${byteRange.join(' ')}]`;
  if (text.length > placeholder.length) throw new Error('PDF too large for the /ByteRange placeholder');
  pdf.write(text.padEnd(placeholder.length, ' '), at, 'latin1');
  return { byteRange, contentsStart, contentsEnd };
}

/**
 * A PDF text string for pdf-lib's PDFString.of, which writes its value between parentheses as
 * is: UTF-16BE with a byte-order mark, as bytes, with the delimiters escaped.
 */
export function pdfText(text: string): string {
  const utf16 = Buffer.from(text, 'utf16le').swap16();
  const bytes = Buffer.concat([Buffer.from([0xfe, 0xff]), utf16]);
  let out = '';
  for (const b of bytes) {
    if (b === 0x28 || b === 0x29 || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
    else if (b === 0x0d) out += '\\r';
    else if (b === 0x0a) out += '\\n';
    else out += String.fromCharCode(b);
  }
  return out;
}

function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
