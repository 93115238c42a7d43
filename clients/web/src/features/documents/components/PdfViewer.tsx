import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Empty, Space, Spin, Typography } from 'antd';
import { DownloadOutlined, ExportOutlined } from '@ant-design/icons';
import { useT } from '../../../app/i18n';
import { tCurrent } from '../../../app/i18n/locale-store';
import { errorFromResponse, networkError, isApiError } from '../../../app/api/api-error';
import type { PDFDocumentProxy, RenderTask } from './pdfjs';

/** A4 at 96 dpi: the page at its printed size, no larger. */
const MAX_WIDTH = 794;

async function fetchPdf(url: string, signal: AbortSignal): Promise<ArrayBuffer> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin', signal });
  } catch (e) {
    if (signal.aborted) throw e;
    throw networkError(tCurrent, e);
  }
  if (!res.ok) {
    const text = await res.text().catch(() => '');
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    throw errorFromResponse(res.status, body, tCurrent);
  }
  return res.arrayBuffer();
}

/** One page: a placeholder of the right size, drawn to a canvas when it scrolls near the viewport. */
function PdfPage({ doc, pageNumber, width, ratio }: { doc: PDFDocumentProxy; pageNumber: number; width: number; ratio: number }) {
  const boxRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [near, setNear] = useState(false);
  const [pageRatio, setPageRatio] = useState(ratio);
  const [drawn, setDrawn] = useState(false);

  useEffect(() => {
    const el = boxRef.current;
    if (!el || near) return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setNear(true), { rootMargin: '600px 0px' });
    observer.observe(el);
    return () => observer.disconnect();
  }, [near]);

  useEffect(() => {
    if (!near || width <= 0) return;
    let task: RenderTask | null = null;
    let cancelled = false;
    void (async () => {
      const page = await doc.getPage(pageNumber);
      if (cancelled) return;
      const base = page.getViewport({ scale: 1 });
      setPageRatio(base.height / base.width);
      const dpr = Math.min(window.devicePixelRatio || 1, 2);
      const viewport = page.getViewport({ scale: (width / base.width) * dpr });
      const canvas = canvasRef.current;
      if (!canvas) return;
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      task = page.render({ canvas, viewport });
      await task.promise;
      if (!cancelled) setDrawn(true);
    })().catch(() => {
      // A cancelled render rejects; a broken page stays blank with its number.
    });
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [near, width, doc, pageNumber]);

  return (
    <div ref={boxRef} className="yz-pdf-page" style={{ width, height: Math.round(width * pageRatio) }} data-testid="pdf-page" data-drawn={drawn}>
      <canvas ref={canvasRef} style={{ width: '100%', height: '100%', display: 'block' }} aria-label={`${pageNumber}`} />
      {!drawn && <Spin className="yz-pdf-page-spin" />}
    </div>
  );
}

/**
 * The sealed PDF, rendered with pdf.js page by page as the reader scrolls. The bytes are fetched
 * here (not by pdf.js) so that a refusal shows the server's Chinese message.
 */
export function PdfViewer({ url, fileName }: { url: string; fileName?: string }) {
  const t = useT();
  const wrapRef = useRef<HTMLDivElement>(null);
  const [doc, setDoc] = useState<PDFDocumentProxy | null>(null);
  const [ratio, setRatio] = useState(297 / 210);
  const [error, setError] = useState<string | null>(null);
  const [width, setWidth] = useState(0);

  useEffect(() => {
    const el = wrapRef.current;
    if (!el) return;
    const measure = () => setWidth(Math.min(MAX_WIDTH, Math.max(200, el.clientWidth - 32)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    let loaded: PDFDocumentProxy | null = null;
    setDoc(null);
    setError(null);
    void (async () => {
      try {
        const [bytes, pdfjs] = await Promise.all([fetchPdf(url, controller.signal), import('./pdfjs')]);
        const pdf = await pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false }).promise;
        if (controller.signal.aborted) {
          void pdf.destroy();
          return;
        }
        loaded = pdf;
        const first = await pdf.getPage(1);
        const vp = first.getViewport({ scale: 1 });
        setRatio(vp.height / vp.width);
        setDoc(pdf);
      } catch (e) {
        if (controller.signal.aborted) return;
        setError(isApiError(e) ? e.message : t('pdf.loadFailed'));
      }
    })();
    return () => {
      controller.abort();
      void loaded?.destroy();
    };
  }, [url, t]);

  return (
    <div className="yz-pdf" data-testid="pdf-viewer">
      <div className="yz-pdf-bar">
        <Typography.Text type="secondary">{doc ? t('pdf.pages', { n: doc.numPages }) : t('pdf.loading')}</Typography.Text>
        <Space size={4}>
          <Button size="small" type="text" icon={<ExportOutlined />} href={url} target="_blank" rel="noopener">
            {t('pdf.open')}
          </Button>
          <Button size="small" type="text" icon={<DownloadOutlined />} href={url} download={fileName ?? true}>
            {t('pdf.download')}
          </Button>
        </Space>
      </div>
      <div ref={wrapRef} className="yz-pdf-pages">
        {error ? (
          <Alert type="error" showIcon title={error} style={{ margin: 16 }} />
        ) : !doc ? (
          <div style={{ padding: 48, textAlign: 'center' }}>
            <Spin description={t('pdf.loading')} />
          </div>
        ) : doc.numPages === 0 ? (
          <Empty />
        ) : (
          Array.from({ length: doc.numPages }, (_, i) => <PdfPage key={i} doc={doc} pageNumber={i + 1} width={width} ratio={ratio} />)
        )}
      </div>
    </div>
  );
}
