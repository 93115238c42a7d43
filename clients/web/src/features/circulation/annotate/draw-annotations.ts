/**
 * Draws annotation layers on a page's overlay canvas, the way the annotated copy burns them in
 * (same stroke geometry, same 圈阅 mark), scaled from page points to CSS pixels.
 */
import type { Annotation, InkAnnotation } from '@yizhan/protocol';
import { inkPieces, widthRuns } from '@yizhan/protocol/ink-geometry';

export const KAI_FONT = "'AR PL UKai CN', 'AR PL KaitiM GB', KaiTi, STKaiti, 'WenQuanYi Micro Hei', serif";
export const CIRCLE_RADIUS = 24;

function drawInk(ctx: CanvasRenderingContext2D, a: InkAnnotation, s: number) {
  const highlighter = a.opacity < 1;
  ctx.save();
  ctx.strokeStyle = a.color;
  ctx.fillStyle = a.color;
  ctx.globalAlpha = a.opacity;
  if (highlighter) ctx.globalCompositeOperation = 'multiply';
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  const pieces = inkPieces(a.points, a.width, highlighter);
  if (pieces.length === 1) {
    ctx.beginPath();
    ctx.arc(pieces[0].from[0] * s, pieces[0].from[1] * s, (pieces[0].width * s) / 2, 0, Math.PI * 2);
    ctx.fill();
  } else {
    for (const run of widthRuns(pieces)) {
      ctx.beginPath();
      ctx.lineWidth = run.width * s;
      ctx.moveTo(run.pieces[0].from[0] * s, run.pieces[0].from[1] * s);
      for (const p of run.pieces) ctx.quadraticCurveTo(p.ctrl[0] * s, p.ctrl[1] * s, p.to[0] * s, p.to[1] * s);
      ctx.stroke();
    }
  }
  ctx.restore();
}

export function wrapText(ctx: CanvasRenderingContext2D, text: string, maxWidth: number): string[] {
  const lines: string[] = [];
  for (const para of text.split(/\r?\n/)) {
    let line = '';
    for (const ch of para) {
      if (line && ctx.measureText(line + ch).width > maxWidth) {
        lines.push(line);
        line = '';
      }
      line += ch;
    }
    lines.push(line);
  }
  return lines;
}

export function drawAnnotation(ctx: CanvasRenderingContext2D, a: Annotation, s: number): void {
  switch (a.kind) {
    case 'ink':
      drawInk(ctx, a, s);
      return;
    case 'highlight': {
      ctx.save();
      ctx.globalAlpha = 0.35;
      ctx.globalCompositeOperation = 'multiply';
      ctx.fillStyle = a.color;
      ctx.fillRect(a.rect[0] * s, a.rect[1] * s, a.rect[2] * s, a.rect[3] * s);
      ctx.restore();
      return;
    }
    case 'note': {
      ctx.save();
      const size = 10 * s;
      ctx.font = `${size}px ${KAI_FONT}`;
      const lines = wrapText(ctx, a.text, 150 * s);
      const w = Math.min(160 * s, Math.max(...lines.map((l) => ctx.measureText(l).width)) + 12 * s);
      const h = lines.length * 13 * s + 10 * s;
      const [x, y] = [a.at[0] * s, a.at[1] * s];
      ctx.globalAlpha = 0.92;
      ctx.fillStyle = '#fff7cc';
      ctx.fillRect(x, y, w, h);
      ctx.globalAlpha = 1;
      ctx.strokeStyle = a.color;
      ctx.lineWidth = Math.max(0.8 * s, 1);
      ctx.strokeRect(x, y, w, h);
      ctx.fillStyle = a.color;
      ctx.textBaseline = 'alphabetic';
      lines.forEach((l, i) => ctx.fillText(l, x + 6 * s, y + 5 * s + size + i * 13 * s - 2 * s));
      ctx.restore();
      return;
    }
    case 'circle': {
      ctx.save();
      const [cx, cy] = [a.at[0] * s, a.at[1] * s];
      ctx.strokeStyle = a.color;
      ctx.fillStyle = a.color;
      ctx.lineWidth = 1.6 * s;
      ctx.beginPath();
      ctx.arc(cx, cy, CIRCLE_RADIUS * s, 0, Math.PI * 2);
      ctx.stroke();
      ctx.textAlign = 'center';
      const nameSize = (a.name.length > 3 ? 10 : 13) * s;
      ctx.font = `${nameSize}px ${KAI_FONT}`;
      ctx.fillText(a.name, cx, cy - 1 * s);
      ctx.font = `${8 * s}px sans-serif`;
      const date = a.date ? `${Number(a.date.slice(5, 7))}.${Number(a.date.slice(8, 10))}` : '';
      ctx.fillText(date, cx, cy + 12 * s);
      ctx.restore();
    }
  }
}

/** Distance from a point to an annotation's drawing, in page points (for the eraser). */
export function distanceTo(a: Annotation, x: number, y: number): number {
  switch (a.kind) {
    case 'ink': {
      let best = Infinity;
      const pts = a.points;
      for (let i = 0; i < pts.length; i++) {
        const [x1, y1] = pts[i];
        const [x2, y2] = pts[Math.min(i + 1, pts.length - 1)];
        const dx = x2 - x1;
        const dy = y2 - y1;
        const len = dx * dx + dy * dy;
        const t = len ? Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / len)) : 0;
        best = Math.min(best, Math.hypot(x - (x1 + t * dx), y - (y1 + t * dy)));
      }
      return best - a.width / 2;
    }
    case 'highlight': {
      const [rx, ry, rw, rh] = a.rect;
      return Math.hypot(Math.max(rx - x, 0, x - rx - rw), Math.max(ry - y, 0, y - ry - rh));
    }
    case 'note':
      return Math.hypot(Math.max(a.at[0] - x, 0, x - a.at[0] - 160), Math.max(a.at[1] - y, 0, y - a.at[1] - 30));
    case 'circle':
      return Math.max(0, Math.hypot(x - a.at[0], y - a.at[1]) - CIRCLE_RADIUS);
  }
}
