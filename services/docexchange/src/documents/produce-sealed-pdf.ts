/** Layout → visible seal over 署名/日期 → PAdES signature with the agency's certificate. */
import { PDFDocument } from 'pdf-lib';
import { renderOfficialDocument } from '../layout/index';
import type { OfficialDocumentContent } from '../layout/official-document';
import { drawAgencySeal, embedSealFont, signPdf, type PdfSigner } from '../seal/index';

export async function produceSealedPdf(content: OfficialDocumentContent, seal: { agencyName: string; signer: PdfSigner; reason: string; location: string }): Promise<Uint8Array> {
  const rendered = await renderOfficialDocument(content);
  const doc = await PDFDocument.load(rendered.pdf);
  const font = await embedSealFont(doc);
  const { page, centerX, centerY, diameter } = rendered.sealPlacement;
  drawAgencySeal(doc.getPages()[page], { centerX, centerY, diameter, agencyName: seal.agencyName, font });
  const sealed = await doc.save({ useObjectStreams: false });
  return signPdf(sealed, seal.signer, { reason: seal.reason, location: seal.location, name: seal.agencyName, page });
}
