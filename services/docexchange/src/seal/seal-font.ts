/** The Song face for the seal's characters (印文用宋体), embedded as a subset. */
import type { PDFDocument, PDFFont } from 'pdf-lib';
import { embedSubset, loadFace, resolveFontSources, type FontPaths } from '../layout/fonts';

export async function embedSealFont(doc: PDFDocument, fonts?: FontPaths): Promise<PDFFont> {
  return embedSubset(doc, await loadFace(resolveFontSources(fonts).songti));
}
