/**
 * The CPU-heavy part of issuing a 公文, as one pure function of plain data (no database, no blob
 * store), so it can run on an issuance worker thread: GB/T 9704 layout → seal → PAdES signature →
 * exchange package with the signed manifest → one CMS envelope for all recipient agencies.
 */
import type { OfficialDocumentContent } from '../layout/official-document';
import { buildExchangePackage, sealExchangePackage, type BuildExchangePackageInput } from '../exchange/index';
import type { PdfSigner } from '../seal/index';
import { produceSealedPdf } from './produce-sealed-pdf';

export interface IssuedFilesInput {
  content: OfficialDocumentContent;
  seal: { agencyName: string; reason: string; location: string };
  signer: PdfSigner;
  /** The package without its first file, document.pdf, which is made here. */
  manifest: BuildExchangePackageInput['manifest'];
  pdfName: string;
  attachments: BuildExchangePackageInput['files'];
  recipientCertPems: string[];
}

export interface IssuedFiles {
  pdf: Uint8Array;
  tar: Uint8Array;
  envelope: Uint8Array;
}

/** A Buffer view of bytes that crossed a thread boundary (structured clone gives plain Uint8Arrays). */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export async function produceIssuedFiles(input: IssuedFilesInput): Promise<IssuedFiles> {
  const pdf = await produceSealedPdf(input.content, { ...input.seal, signer: input.signer });
  const { tar } = buildExchangePackage(
    {
      manifest: input.manifest,
      files: [{ path: 'document.pdf', bytes: asBuffer(pdf), mediaType: 'application/pdf', originalName: input.pdfName }, ...input.attachments],
    },
    input.signer,
  );
  const envelope = sealExchangePackage(tar, input.recipientCertPems.map((certPem) => ({ certPem })));
  return { pdf, tar, envelope };
}
