/**
 * pdf.js for the circulation reader, loaded lazily (it is large). One worker serves every document
 * opened in the tab, so the second document does not pay for parsing the worker again.
 */
import { getDocument, GlobalWorkerOptions, PDFWorker } from 'pdfjs-dist';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

GlobalWorkerOptions.workerSrc = workerUrl;

let worker: PDFWorker | null = null;

function sharedWorker(): PDFWorker {
  if (!worker || worker.destroyed) worker = new PDFWorker();
  return worker;
}

/** Starts the worker (fetching and compiling its script) ahead of the first document. */
export function warmWorker(): Promise<void> {
  return sharedWorker().promise;
}

export function openPdf(data: Uint8Array): Promise<PDFDocumentProxy> {
  return getDocument({ data, worker: sharedWorker(), isEvalSupported: false, enableXfa: false }).promise;
}

export type { PDFDocumentProxy, PDFPageProxy, RenderTask, PageViewport } from 'pdfjs-dist';
export type { TextItem } from 'pdfjs-dist/types/src/display/api';
