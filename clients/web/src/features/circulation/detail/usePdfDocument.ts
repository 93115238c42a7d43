/**
 * The sealed original for the reader: its bytes and pdf.js itself are fetched at the same time as
 * the page opens (before the circulation's details are back), then page 1 is measured so every page
 * can be laid out at once.
 */
import { useEffect, useState } from 'react';
import type { PDFDocumentProxy } from '../reader/pdfjs';
import { fetchDocumentBytes } from '../api';
import { getPage } from '../reader/page-cache';

export interface LoadedPdf {
  doc: PDFDocumentProxy;
  firstPage: { width: number; height: number };
}

export function usePdfDocument(circulationId: string): { pdf: LoadedPdf | null; error: string | null } {
  const [pdf, setPdf] = useState<LoadedPdf | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    let loaded: PDFDocumentProxy | null = null;
    setPdf(null);
    setError(null);
    void (async () => {
      try {
        performance.mark('circulation:open');
        const [bytes, pdfjs] = await Promise.all([
          fetchDocumentBytes(circulationId, controller.signal).then((b) => (performance.mark('circulation:bytes'), b)),
          import('../reader/pdfjs').then((m) => {
            performance.mark('circulation:pdfjs');
            // The worker boots while the bytes are still on their way.
            void m.warmWorker().then(() => performance.mark('circulation:worker'));
            return m;
          }),
        ]);
        const doc = await pdfjs.openPdf(bytes);
        performance.mark('circulation:parsed');
        loaded = doc;
        if (controller.signal.aborted) return;
        const vp = (await getPage(doc, 1)).getViewport({ scale: 1 });
        if (!controller.signal.aborted) setPdf({ doc, firstPage: { width: vp.width, height: vp.height } });
      } catch (e) {
        if (!controller.signal.aborted) setError((e as Error).message);
      }
    })();
    return () => {
      controller.abort();
      void loaded?.destroy();
    };
  }, [circulationId]);
  return { pdf, error };
}
