import type { PDFDocumentProxy, PDFPageProxy } from './pdfjs';

const pages = new WeakMap<PDFDocumentProxy, Map<number, Promise<PDFPageProxy>>>();

/** pdf.js page proxies, fetched from the worker once per document. */
export function getPage(doc: PDFDocumentProxy, n: number): Promise<PDFPageProxy> {
  let map = pages.get(doc);
  if (!map) {
    map = new Map();
    pages.set(doc, map);
  }
  let p = map.get(n);
  if (!p) {
    p = doc.getPage(n);
    map.set(n, p);
  }
  return p;
}

/** Device pixels per CSS pixel for page canvases: sharp on a retina tablet, bounded in memory. */
export const pixelRatio = () => Math.min(typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1, 2);

/**
 * pdf.js AnnotationMode.DISABLE: the seal's signature widget and any form fields are not drawn over
 * the page (the visible seal is page content). A literal, so this chunk does not pull in pdf.js.
 */
export const ANNOTATIONS_OFF = 0;
