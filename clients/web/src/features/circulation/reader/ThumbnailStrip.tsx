import { memo, useEffect, useRef } from 'react';
import type { PDFDocumentProxy, RenderTask } from './pdfjs';
import { ANNOTATIONS_OFF, getPage } from './page-cache';

const THUMB_WIDTH = 96;

interface ThumbProps {
  doc: PDFDocumentProxy;
  pageNumber: number;
  ratio: number;
  current: boolean;
  enabled: boolean;
  root: HTMLElement | null;
  onSelect(n: number): void;
}

const Thumb = memo(function Thumb({ doc, pageNumber, ratio, current, enabled, root, onSelect }: ThumbProps) {
  const ref = useRef<HTMLButtonElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const done = useRef(false);

  useEffect(() => {
    const el = ref.current;
    if (!el || !enabled || done.current) return;
    let task: RenderTask | null = null;
    const observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting) || done.current) return;
        observer.disconnect();
        done.current = true;
        void getPage(doc, pageNumber).then(async (page) => {
          const base = page.getViewport({ scale: 1 });
          const viewport = page.getViewport({ scale: (THUMB_WIDTH * 1.5) / base.width });
          const canvas = canvasRef.current;
          if (!canvas) return;
          canvas.width = Math.floor(viewport.width);
          canvas.height = Math.floor(viewport.height);
          task = page.render({ canvas, viewport, annotationMode: ANNOTATIONS_OFF });
          await task.promise.catch(() => {
            done.current = false;
          });
        });
      },
      { root, rootMargin: '200px 0px' },
    );
    observer.observe(el);
    return () => {
      observer.disconnect();
      task?.cancel();
    };
  }, [doc, pageNumber, enabled, root]);

  useEffect(() => {
    if (current) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [current]);

  return (
    <button
      type="button"
      ref={ref}
      className={`yz-circ-thumb${current ? ' current' : ''}`}
      onClick={() => onSelect(pageNumber)}
      data-testid={`thumb-${pageNumber}`}
    >
      <canvas ref={canvasRef} style={{ width: THUMB_WIDTH, height: THUMB_WIDTH * ratio }} />
      <span>{pageNumber}</span>
    </button>
  );
});

/** Page thumbnails, rendered lazily as they scroll into view (only once the first page is up). */
export function ThumbnailStrip({
  doc,
  ratio,
  current,
  enabled,
  onSelect,
}: {
  doc: PDFDocumentProxy;
  ratio: number;
  current: number;
  enabled: boolean;
  onSelect(n: number): void;
}) {
  const rootRef = useRef<HTMLDivElement>(null);
  return (
    <div className="yz-circ-thumbs" ref={rootRef} data-testid="reader-thumbnails">
      {Array.from({ length: doc.numPages }, (_, i) => (
        <Thumb
          key={i + 1}
          doc={doc}
          pageNumber={i + 1}
          ratio={ratio}
          current={current === i + 1}
          enabled={enabled}
          root={rootRef.current}
          onSelect={onSelect}
        />
      ))}
    </div>
  );
}
