/**
 * Layout → visible seal over 署名/日期 → PAdES signature with the agency's certificate, all on one
 * PDFDocument that is saved once (no save/parse round trips between the steps).
 */
import { buildOfficialDocument } from '../layout/index';
import type { OfficialDocumentContent } from '../layout/official-document';
import { drawAgencySeal, embedSealFont, signNewPdf, type PdfSigner } from '../seal/index';

export async function produceSealedPdf(content: OfficialDocumentContent, seal: { agencyName: string; signer: PdfSigner; reason: string; location: string }): Promise<Uint8Array> {
  const { doc, sealPlacement } = await buildOfficialDocument(content);
  const font = await embedSealFont(doc);
  const { page, centerX, centerY, diameter } = sealPlacement;
  drawAgencySeal(doc.getPages()[page], { centerX, centerY, diameter, agencyName: seal.agencyName, font });
  return signNewPdf(doc, seal.signer, { reason: seal.reason, location: seal.location, name: seal.agencyName, page });
}
