import { memo, useEffect, useRef, type ReactNode } from 'react';
import type { PDFDocumentProxy, RenderTask } from './pdfjs';
import { ANNOTATIONS_OFF, getPage, pixelRatio } from './page-cache';

interface Props {
  doc: PDFDocumentProxy;
  pageNumber: number;
  /** Page size in points. */
  width: number;
  height: number;
  scale: number;
  /** Near the viewport: render the page; otherwise its canvas is released. */
  active: boolean;
  onRendered?(pageNumber: number): void;
  onSize?(pageNumber: number, width: number, height: number): void;
  children?: ReactNode;
}

/**
 * One page: a placeholder of the right size at once, the rendered canvas when the page comes near
 * the viewport (a new canvas replaces the old one only when it is ready, so zooming never blanks
 * the page), and the annotation overlay on top.
 */
export const PageView = memo(function PageView({ doc, pageNumber, width, height, scale, active, onRendered, onSize, children }: Props) {
  const holder = useRef<HTMLDivElement>(null);
  const rendered = useRef<{ scale: number } | null>(null);
  const callbacks = useRef({ onRendered, onSize });
  callbacks.current = { onRendered, onSize };

  useEffect(() => {
    const el = holder.current;
    if (!el) return;
    if (!active) {
      el.replaceChildren();
      rendered.current = null;
      return;
    }
    if (rendered.current?.scale === scale) return;
    let task: RenderTask | null = null;
    let cancelled = false;
    void (async () => {
      const page = await getPage(doc, pageNumber);
      if (cancelled) return;
      const base = page.getViewport({ scale: 1 });
      if (Math.abs(base.width - width) > 0.5 || Math.abs(base.height - height) > 0.5) callbacks.current.onSize?.(pageNumber, base.width, base.height);
      const viewport = page.getViewport({ scale: scale * pixelRatio() });
      const canvas = document.createElement('canvas');
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      canvas.className = 'yz-circ-page-canvas';
      if (pageNumber === 1) performance.mark('circulation:render-start');
      task = page.render({ canvas, viewport, annotationMode: ANNOTATIONS_OFF });
      try {
        await task.promise;
      } catch {
        return; // cancelled: a newer render or the page left the viewport
      }
      if (cancelled) return;
      el.replaceChildren(canvas);
      rendered.current = { scale };
      el.parentElement?.setAttribute('data-rendered', 'true');
      callbacks.current.onRendered?.(pageNumber);
    })();
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [doc, pageNumber, scale, active, width, height]);

  return (
    <div className="yz-circ-page" data-page={pageNumber} data-testid={`reader-page-${pageNumber}`} style={{ width: width * scale, height: height * scale }}>
      <div ref={holder} className="yz-circ-page-holder" />
      {children}
    </div>
  );
});
