/** A real sealed 公文 PDF (GB/T 9704 layout, seal, PAdES signature) signed with an agency key of this server's city CA. */
import { PDFDocument } from 'pdf-lib';
import { ensureAgencyCertificate, ensureCityCa, type Platform } from '@yizhan/core';
import { renderOfficialDocument } from '@yizhan/docexchange/layout/render-official-document';
import { sampleNotice } from '@yizhan/docexchange/layout/sample-document';
import { drawAgencySeal } from '@yizhan/docexchange/seal/draw-agency-seal';
import { embedSealFont } from '@yizhan/docexchange/seal/seal-font';
import { signPdf } from '@yizhan/docexchange/seal/sign-pdf';

export async function sealedNotice(platform: Platform, agencyCode = 'szf'): Promise<Buffer> {
  const content = sampleNotice();
  const doc = await renderOfficialDocument(content);
  const [{ cert, keyPem }, ca] = await Promise.all([
    ensureAgencyCertificate({ db: platform.db, masterKey: platform.masterKey, agencyCode, actor: 'system' }),
    ensureCityCa(platform.db, platform.masterKey),
  ]);
  const pdf = await PDFDocument.load(doc.pdf);
  const font = await embedSealFont(pdf);
  drawAgencySeal(pdf.getPages()[doc.sealPlacement.page], { ...doc.sealPlacement, agencyName: content.signatureName, font });
  const sealed = await pdf.save({ useObjectStreams: false });
  const signed = await signPdf(sealed, { certPem: cert.cert_pem, keyPem, chainPems: [ca.issuing.cert_pem] }, { reason: '电子公文签章', location: '示范市', name: content.signatureName, page: doc.sealPlacement.page });
  return Buffer.from(signed);
}
