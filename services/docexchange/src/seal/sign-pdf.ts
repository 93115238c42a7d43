/**
 * PAdES signing (SubFilter ETSI.CAdES.detached, SHA-256) of a laid-out and sealed PDF. The
 * signature field is added with @signpdf/placeholder-pdf-lib and appended as an incremental
 * update, so the visible seal drawn before is part of the signed revision and a document that
 * is already signed (a forwarded document countersigned) keeps its earlier signatures valid.
 * The CMS SignedData (detached, signed attributes contentType, signingTime, messageDigest and
 * signingCertificateV2, chain embedded) is the exchange package's signCms over the byte ranges.
 */
import { X509Certificate } from 'node:crypto';
import '../pdf-native-deflate';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { signCms, type CmsSigner } from '../exchange/cms-signed';
import { BoundedMemo } from '../exchange/parse-cache';
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

/** Signs a PDF given as bytes: the signature is appended as an incremental update. */
export async function signPdf(pdf: Uint8Array, signer: PdfSigner, meta: SignatureMeta): Promise<Uint8Array> {
  const signature = prepareSignature(signer, meta);
  const prepared = await withPlaceholder(pdf, signature);
  return completeSignature(prepared, pdf.length, signature);
}

/**
 * Signs a PDF still being built (the sealed 公文 right after its layout): the signature field goes
 * into the document before its only save, so it is neither parsed again nor updated incrementally.
 */
export async function signNewPdf(doc: PDFDocument, signer: PdfSigner, meta: SignatureMeta): Promise<Uint8Array> {
  const signature = prepareSignature(signer, meta);
  addPlaceholder(doc, signature);
  const saved = await doc.save({ useObjectStreams: false }); // the placeholder must stay findable in plain bytes
  return completeSignature(Buffer.from(saved.buffer, saved.byteOffset, saved.byteLength), 0, signature);
}

interface PreparedSignature {
  meta: SignatureMeta & { signingTime: Date };
  cmsSigner: CmsSigner;
  /** Hex digits reserved for /Contents. */
  length: number;
}

function prepareSignature(signer: PdfSigner, meta: SignatureMeta): PreparedSignature {
  const signingTime = wholeSeconds(meta.signingTime ?? new Date());
  const cmsSigner: CmsSigner = { certPem: signer.certPem, keyPem: signer.keyPem, chainPems: intermediates(signer) };
  return { meta: { ...meta, signingTime }, cmsSigner, length: placeholderLength(cmsSigner) };
}

const placeholderLengths = new BoundedMemo<number>(256);

/**
 * Sizes the /Contents placeholder from a dry run with the same certificates and key (it also
 * refuses a key that is not the certificate's, before the PDF is touched): the digest, the signing
 * time (UTCTime) and the RSA signature have fixed sizes, so only the signer and its chain matter.
 */
function placeholderLength(signer: CmsSigner): number {
  const key = [signer.certPem, signer.keyPem, ...signer.chainPems].join('\n');
  return placeholderLengths.get(key, () => 2 * (signCms(Buffer.alloc(0), signer, { detached: true, signingTime: new Date(0) }).length + 256));
}

/** Fills the /ByteRange found after `searchFrom` and writes the CMS signature over its byte ranges. */
function completeSignature(prepared: Buffer, searchFrom: number, signature: PreparedSignature): Uint8Array {
  const { byteRange, contentsStart, contentsEnd } = fillByteRange(prepared, searchFrom);
  const signedRanges = [prepared.subarray(byteRange[0], byteRange[0] + byteRange[1]), prepared.subarray(byteRange[2], byteRange[2] + byteRange[3])];
  const cms = signCms(signedRanges, signature.cmsSigner, { detached: true, signingTime: signature.meta.signingTime });
  const hex = cms.toString('hex');
  const capacity = contentsEnd - contentsStart - 2;
  if (hex.length > capacity) throw new Error(`signature (${hex.length} hex digits) exceeds its placeholder (${capacity})`);
  prepared.write(hex.padEnd(capacity, '0'), contentsStart + 1, 'latin1');
  return new Uint8Array(prepared.buffer, prepared.byteOffset, prepared.length);
}

const chains = new BoundedMemo<string[]>(256);

/** The intermediates to embed after the signer's certificate: duplicates and roots (self-signed) left out. */
function intermediates(signer: PdfSigner): string[] {
  return chains.get([signer.certPem, ...signer.chainPems].join('\n'), () => pickIntermediates(signer));
}

function pickIntermediates(signer: PdfSigner): string[] {
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

async function withPlaceholder(pdf: Uint8Array, signature: PreparedSignature): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  if (doc.isEncrypted) throw new Error('cannot sign an encrypted PDF');
  reserveObjectNumbers(doc.context, pdf);
  const before = snapshot(doc.context);
  addPlaceholder(doc, signature);
  const update = updateSection(doc, pdf, changedObjects(doc.context, before));
  return Buffer.concat([Buffer.from(pdf.buffer, pdf.byteOffset, pdf.length), update]);
}

/** The signature field, its widget on the chosen page and the signature dictionary with placeholders. */
function addPlaceholder(doc: PDFDocument, { meta, length }: PreparedSignature): void {
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
    signatureLength: length,
    subFilter: SUBFILTER,
    appName: 'Yizhan',
  });
  // The placeholder names every field Signature1; a countersignature needs its own name.
  const fields = doc.catalog.lookup(PDFName.of('AcroForm'), PDFDict).lookup(PDFName.of('Fields'), PDFArray);
  fields.lookup(fields.size() - 1, PDFDict).set(PDFName.of('T'), PDFString.of(`Signature${existing + 1}`));
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
