/**
 * The annotation layer of one page: draws the visible layers (others' first, the reader's own on
 * top) and search hits, and — with a tool in hand — turns pointer events into vector annotations:
 * pen and highlighter strokes with pressure (mouse, finger or stylus), the eraser, notes and
 * highlight rectangles. Coordinates are page points from the top-left corner.
 */
import { memo, useEffect, useRef } from 'react';
import type { Annotation, InkPoint } from '@yizhan/protocol';
import type { Rect } from '../reader/search';
import { pixelRatio } from '../reader/page-cache';
import { distanceTo, drawAnnotation } from './draw-annotations';
import { widthAt } from '@yizhan/protocol/ink-geometry';
import { pressureOf, smoothStroke } from './smoothing';
import { annotationId, HIGHLIGHT_COLOR, type PenSettings, type Tool } from './tools';

interface Props {
  pageNumber: number;
  active: boolean;
  width: number;
  height: number;
  scale: number;
  others: Annotation[];
  mine: Annotation[];
  searchRects: Rect[];
  activeSearchRects: Rect[];
  editable: boolean;
  tool: Tool;
  pen: PenSettings;
  onAdd(a: Annotation): void;
  onErase(ids: ReadonlySet<string>): void;
  onNote(page: number, at: [number, number]): void;
}

const HIGHLIGHTER_WIDTH = 12;

export const PageOverlay = memo(function PageOverlay(props: Props) {
  const { pageNumber, active, width, height, scale, others, mine, searchRects, activeSearchRects, editable, tool, pen } = props;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const gesture = useRef<{ pointerId: number; points: InkPoint[]; start: [number, number]; moved: boolean } | null>(null);
  const propsRef = useRef(props);
  propsRef.current = props;

  const redraw = (extra?: (ctx: CanvasRenderingContext2D) => void) => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const dpr = pixelRatio();
    const w = Math.floor(width * scale * dpr);
    const h = Math.floor(height * scale * dpr);
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    const ctx = canvas.getContext('2d')!;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.save();
    ctx.fillStyle = 'rgba(255, 196, 0, 0.28)';
    for (const [x, y, rw, rh] of searchRects) ctx.fillRect(x * scale, y * scale, rw * scale, rh * scale);
    ctx.fillStyle = 'rgba(250, 140, 22, 0.45)';
    for (const [x, y, rw, rh] of activeSearchRects) ctx.fillRect(x * scale, y * scale, rw * scale, rh * scale);
    ctx.restore();
    for (const a of others) drawAnnotation(ctx, a, scale);
    for (const a of mine) drawAnnotation(ctx, a, scale);
    extra?.(ctx);
  };

  useEffect(() => {
    if (active) redraw();
    else if (canvasRef.current) {
      canvasRef.current.width = 0;
      canvasRef.current.height = 0;
    }
    // redraw reads the props it draws
  }, [active, width, height, scale, others, mine, searchRects, activeSearchRects]);

  const drawing = editable && tool !== 'read';

  const pointAt = (e: { clientX: number; clientY: number }): [number, number] => {
    const r = canvasRef.current!.getBoundingClientRect();
    return [(e.clientX - r.left) / scale, (e.clientY - r.top) / scale];
  };

  const eraseAt = (x: number, y: number) => {
    const radius = 8 / scale;
    const hit = new Set(propsRef.current.mine.filter((a) => distanceTo(a, x, y) <= radius).map((a) => a.id));
    if (hit.size) propsRef.current.onErase(hit);
  };

  const onPointerDown = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (!drawing || (e.pointerType === 'mouse' && e.button !== 0)) return;
    e.preventDefault();
    try {
      e.currentTarget.setPointerCapture(e.pointerId);
    } catch {
      // a pointer the browser no longer tracks: the stroke still works inside the page
    }
    const [x, y] = pointAt(e);
    gesture.current = { pointerId: e.pointerId, points: [[x, y, pressureOf(e.nativeEvent)]], start: [x, y], moved: false };
    if (tool === 'eraser') eraseAt(x, y);
  };

  const onPointerMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const g = gesture.current;
    if (!g || g.pointerId !== e.pointerId) return;
    const events = e.nativeEvent.getCoalescedEvents?.() ?? [e.nativeEvent];
    const ctx = canvasRef.current!.getContext('2d')!;
    for (const ev of events.length ? events : [e.nativeEvent]) {
      const [x, y] = pointAt(ev);
      const last = g.points[g.points.length - 1];
      if (Math.hypot(x - last[0], y - last[1]) < 0.3) continue;
      g.moved = true;
      const p: InkPoint = [x, y, pressureOf(ev)];
      g.points.push(p);
      if (tool === 'eraser') eraseAt(x, y);
      else if (tool === 'pen' || tool === 'highlighter') {
        // Live ink: the segment just drawn, straight onto the canvas (the smoothed stroke replaces it on lift).
        ctx.save();
        ctx.lineCap = 'round';
        ctx.strokeStyle = tool === 'pen' ? pen.color : HIGHLIGHT_COLOR;
        ctx.globalAlpha = tool === 'pen' ? 1 : 0.4;
        ctx.lineWidth = (tool === 'pen' ? widthAt(pen.width, p[2]) : HIGHLIGHTER_WIDTH) * scale;
        ctx.beginPath();
        ctx.moveTo(last[0] * scale, last[1] * scale);
        ctx.lineTo(x * scale, y * scale);
        ctx.stroke();
        ctx.restore();
      }
    }
    if (tool === 'highlight') {
      const [x0, y0] = g.start;
      const [x1, y1] = g.points[g.points.length - 1];
      redraw((c) => {
        c.save();
        c.fillStyle = 'rgba(250, 219, 20, 0.35)';
        c.strokeStyle = '#d4b106';
        c.fillRect(Math.min(x0, x1) * scale, Math.min(y0, y1) * scale, Math.abs(x1 - x0) * scale, Math.abs(y1 - y0) * scale);
        c.strokeRect(Math.min(x0, x1) * scale, Math.min(y0, y1) * scale, Math.abs(x1 - x0) * scale, Math.abs(y1 - y0) * scale);
        c.restore();
      });
    }
  };

  const finish = (e: React.PointerEvent<HTMLCanvasElement>, cancelled: boolean) => {
    const g = gesture.current;
    if (!g || g.pointerId !== e.pointerId) return;
    gesture.current = null;
    const { onAdd, onNote } = propsRef.current;
    if (cancelled) {
      redraw();
      return;
    }
    if (tool === 'pen' || tool === 'highlighter') {
      onAdd({
        kind: 'ink',
        id: annotationId('ink'),
        page: pageNumber,
        color: tool === 'pen' ? pen.color : HIGHLIGHT_COLOR,
        width: tool === 'pen' ? pen.width : HIGHLIGHTER_WIDTH,
        opacity: tool === 'pen' ? 1 : 0.4,
        points: smoothStroke(g.points),
      });
    } else if (tool === 'highlight') {
      const [x0, y0] = g.start;
      const [x1, y1] = g.points[g.points.length - 1];
      if (Math.abs(x1 - x0) > 3 && Math.abs(y1 - y0) > 3) {
        onAdd({
          kind: 'highlight',
          id: annotationId('hl'),
          page: pageNumber,
          color: HIGHLIGHT_COLOR,
          rect: [Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0), Math.abs(y1 - y0)],
        });
      } else redraw();
    } else if (tool === 'note' && !g.moved) {
      onNote(pageNumber, g.start);
    }
  };

  return (
    <canvas
      ref={canvasRef}
      className={`yz-circ-overlay${drawing ? ` drawing tool-${tool}` : ''}`}
      style={{ width: width * scale, height: height * scale }}
      data-testid={`overlay-${pageNumber}`}
      data-annotations={others.length + mine.length}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={(e) => finish(e, false)}
      onPointerCancel={(e) => finish(e, true)}
    />
  );
});
