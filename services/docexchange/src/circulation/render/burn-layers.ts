/**
 * Burns the readers' layers into copied pages: ink as vector paths, highlights as translucent
 * rectangles, notes as boxes of text, 圈阅 as the name in a circle with the date. Coordinates come
 * top-left based (as the reader drew them) and are flipped to PDF space here.
 */
import { BlendMode, LineCapStyle, rgb, type PDFPage, type RGB } from 'pdf-lib';
import type { Annotation, InkAnnotation } from '@yizhan/protocol';
import type { CjkText } from './cjk-text';
import { inkPieces, widthRuns } from '@yizhan/protocol/ink-geometry';

export interface BurnLayer {
  name: string;
  annotations: Annotation[];
}

export function hexColor(hex: string): RGB {
  const n = parseInt(hex.slice(1), 16);
  return rgb(((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255);
}

const fmt = (n: number) => (Math.round(n * 100) / 100).toString();

function drawInk(page: PDFPage, a: InkAnnotation): void {
  const height = page.getHeight();
  const highlighter = a.opacity < 1;
  const color = hexColor(a.color);
  const pieces = inkPieces(a.points, a.width, highlighter);
  if (pieces.length === 1 && pieces[0].from[0] === pieces[0].to[0] && pieces[0].from[1] === pieces[0].to[1]) {
    const [x, y] = pieces[0].from;
    page.drawCircle({ x, y: height - y, size: pieces[0].width / 2, color, opacity: a.opacity });
    return;
  }
  for (const run of widthRuns(pieces)) {
    // SVG path coordinates: y grows downwards from the origin given (the top of the page).
    let d = `M ${fmt(run.pieces[0].from[0])} ${fmt(run.pieces[0].from[1])}`;
    for (const p of run.pieces) d += ` Q ${fmt(p.ctrl[0])} ${fmt(p.ctrl[1])} ${fmt(p.to[0])} ${fmt(p.to[1])}`;
    page.drawSvgPath(d, {
      x: 0,
      y: height,
      borderColor: color,
      borderWidth: run.width,
      borderOpacity: a.opacity,
      borderLineCap: LineCapStyle.Round,
      ...(highlighter ? { blendMode: BlendMode.Multiply } : {}),
    });
  }
}

async function drawAnnotation(page: PDFPage, a: Annotation, text: CjkText): Promise<void> {
  const height = page.getHeight();
  switch (a.kind) {
    case 'ink':
      drawInk(page, a);
      return;
    case 'highlight': {
      const [x, y, w, h] = a.rect;
      page.drawRectangle({ x, y: height - y - h, width: w, height: h, color: hexColor(a.color), opacity: 0.35, blendMode: BlendMode.Multiply });
      return;
    }
    case 'note': {
      const size = 10;
      const lines = text.wrap(a.text, 'kaiti', size, 150);
      const w = Math.min(160, Math.max(...lines.map((l) => text.width(l, 'kaiti', size))) + 12);
      const h = lines.length * (size + 3) + 10;
      const [x, y] = a.at;
      page.drawRectangle({
        x,
        y: height - y - h,
        width: w,
        height: h,
        color: rgb(1, 0.97, 0.8),
        opacity: 0.92,
        borderColor: hexColor(a.color),
        borderWidth: 0.8,
      });
      for (const [i, line] of lines.entries())
        await text.draw(page, line, x + 6, height - y - 5 - size - i * (size + 3) + 2, { style: 'kaiti', size, color: hexColor(a.color) });
      return;
    }
    case 'circle': {
      const [cx, cy] = a.at;
      const color = hexColor(a.color);
      const r = 24;
      page.drawCircle({ x: cx, y: height - cy, size: r, borderColor: color, borderWidth: 1.6 });
      const nameSize = a.name.length > 3 ? 10 : 13;
      const nameWidth = text.width(a.name, 'kaiti', nameSize);
      await text.draw(page, a.name, cx - nameWidth / 2, height - cy + 1, { style: 'kaiti', size: nameSize, color });
      const date = a.date ? `${Number(a.date.slice(5, 7))}.${Number(a.date.slice(8, 10))}` : '';
      const dateWidth = text.width(date, 'songti', 8);
      await text.draw(page, date, cx - dateWidth / 2, height - cy - 12, { style: 'songti', size: 8, color });
      return;
    }
  }
}

/** Draws every layer's annotations of this page (1-based), in the order the layers are given. */
export async function burnLayers(page: PDFPage, pageNumber: number, layers: BurnLayer[], text: CjkText): Promise<number> {
  let drawn = 0;
  for (const layer of layers) {
    const here = layer.annotations.filter((a) => a.page === pageNumber);
    for (const a of here) await drawAnnotation(page, a, text);
    drawn += here.length;
    // Whose ink this is: a small signature under the lowest stroke of the layer on this page.
    const ink = here.filter((a): a is InkAnnotation => a.kind === 'ink' && a.opacity >= 1);
    if (ink.length) {
      const xs = ink.flatMap((a) => a.points.map((p) => p[0]));
      const ys = ink.flatMap((a) => a.points.map((p) => p[1]));
      const x = Math.min(Math.max(...xs), page.getWidth() - 60);
      const y = Math.min(Math.max(...ys) + 14, page.getHeight() - 8);
      const label = `—${layer.name}`;
      await text.draw(page, label, x - text.width(label, 'kaiti', 9), page.getHeight() - y, { style: 'kaiti', size: 9, color: hexColor(ink[0].color) });
    }
  }
  return drawn;
}
