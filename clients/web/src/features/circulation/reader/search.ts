/**
 * Search in the document's text: each page's text from pdf.js (once), matched without regard to
 * case or spacing, and each match turned into rectangles in page points for the overlay.
 */
import type { PDFDocumentProxy, TextItem } from './pdfjs';
import { getPage } from './page-cache';

export type Rect = [number, number, number, number];

export interface SearchMatch {
  page: number;
  rects: Rect[];
}

interface PageText {
  text: string;
  /** For each character of `text`: its item and its index inside the item. */
  map: Array<[number, number]>;
  items: TextItem[];
  height: number;
}

const cache = new WeakMap<PDFDocumentProxy, Map<number, Promise<PageText>>>();

async function loadPageText(doc: PDFDocumentProxy, n: number): Promise<PageText> {
  const page = await getPage(doc, n);
  const content = await page.getTextContent();
  const items = content.items.filter((i): i is TextItem => 'str' in i);
  let text = '';
  const map: Array<[number, number]> = [];
  items.forEach((item, k) => {
    for (let i = 0; i < item.str.length; i++) {
      const ch = item.str[i];
      if (/\s/.test(ch)) continue;
      text += ch.toLowerCase();
      map.push([k, i]);
    }
  });
  return { text, map, items, height: page.view[3] - page.view[1] };
}

function pageText(doc: PDFDocumentProxy, n: number): Promise<PageText> {
  let m = cache.get(doc);
  if (!m) {
    m = new Map();
    cache.set(doc, m);
  }
  let p = m.get(n);
  if (!p) {
    p = loadPageText(doc, n);
    m.set(n, p);
  }
  return p;
}

function rectsOf(pt: PageText, from: number, to: number): Rect[] {
  const byItem = new Map<number, [number, number]>();
  for (let c = from; c < to; c++) {
    const [k, i] = pt.map[c];
    const r = byItem.get(k);
    byItem.set(k, r ? [Math.min(r[0], i), Math.max(r[1], i + 1)] : [i, i + 1]);
  }
  return [...byItem.entries()].map(([k, [a, b]]) => {
    const item = pt.items[k];
    const [, , c, d, e, f] = item.transform as number[];
    const size = Math.hypot(c, d) || item.height || 10;
    const len = Math.max(1, item.str.length);
    const x = e + (item.width * a) / len;
    const w = (item.width * (b - a)) / len;
    return [x, pt.height - f - size * 0.88, w, size * 1.1] as Rect;
  });
}

/** All matches of `query`, page by page; `onPage` reports progress on long documents. */
export async function searchDocument(doc: PDFDocumentProxy, query: string, signal?: AbortSignal): Promise<SearchMatch[]> {
  const q = query.replace(/\s+/g, '').toLowerCase();
  if (!q) return [];
  const out: SearchMatch[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    if (signal?.aborted) break;
    const pt = await pageText(doc, n);
    for (let at = pt.text.indexOf(q); at >= 0; at = pt.text.indexOf(q, at + q.length)) out.push({ page: n, rects: rectsOf(pt, at, at + q.length) });
  }
  return out;
}
