/** pdf.js with its worker served by Vite; imported lazily (it is large) by PdfViewer. */
import { getDocument, GlobalWorkerOptions } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

GlobalWorkerOptions.workerSrc = workerUrl;

export { getDocument };
export type { PDFDocumentProxy, RenderTask } from 'pdfjs-dist';
