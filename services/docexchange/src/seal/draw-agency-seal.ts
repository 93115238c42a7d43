/**
 * Draws the round agency seal onto a PDF page as vectors (ring, star, characters of an embedded
 * font), red and slightly transparent so the 署名 and date show through like real seal ink.
 */
import {
  PDFName,
  appendBezierCurve,
  beginText,
  closePath,
  endText,
  fill,
  lineTo,
  moveTo,
  popGraphicsState,
  pushGraphicsState,
  setFillingRgbColor,
  setFontAndSize,
  setGraphicsState,
  setLineWidth,
  setStrokingRgbColor,
  setTextMatrix,
  setTextRenderingMode,
  showText,
  stroke,
  TextRenderingMode,
  type PDFFont,
  type PDFOperator,
  type PDFPage,
} from 'pdf-lib';
import { DEFAULT_SEAL_DIAMETER_MM, SEAL_OPACITY, SEAL_RED, sealGeometry } from './seal-geometry';

const PT_PER_MM = 72 / 25.4;
/** Bézier handle length for a quarter circle. */
const KAPPA = 0.5522847498;

export interface AgencySealOptions {
  centerX: number;
  centerY: number;
  /** Points; 42 mm when omitted. */
  diameter?: number;
  /** Full name of the agency, along the upper arc. */
  agencyName: string;
  /** Optional text below the star. */
  bottomText?: string;
  /** A font embedded in the page's document with the agency name's glyphs (a Song face). */
  font: PDFFont;
  color?: { r: number; g: number; b: number };
  opacity?: number;
}

const r3 = (v: number) => Math.round(v * 1000) / 1000;

export function drawAgencySeal(page: PDFPage, opts: AgencySealOptions): void {
  const diameter = opts.diameter ?? DEFAULT_SEAL_DIAMETER_MM * PT_PER_MM;
  const geo = sealGeometry(diameter, { agencyName: opts.agencyName, bottomText: opts.bottomText });
  const { r, g, b } = opts.color ?? SEAL_RED;
  const cx = opts.centerX;
  const cy = opts.centerY;

  const alpha = opts.opacity ?? SEAL_OPACITY;
  const gs = page.doc.context.obj({ Type: 'ExtGState', ca: alpha, CA: alpha });
  const gsKey = page.node.newExtGState('GS', page.doc.context.register(gs));
  const fontKey: PDFName = page.node.newFontDictionary(opts.font.name, opts.font.ref);

  const ops: PDFOperator[] = [pushGraphicsState(), setGraphicsState(gsKey), setFillingRgbColor(r, g, b), setStrokingRgbColor(r, g, b)];

  // Ring: four Bézier quarters.
  const rr = geo.ring.radius;
  const k = rr * KAPPA;
  ops.push(
    setLineWidth(r3(geo.ring.width)),
    moveTo(r3(cx + rr), r3(cy)),
    appendBezierCurve(r3(cx + rr), r3(cy + k), r3(cx + k), r3(cy + rr), r3(cx), r3(cy + rr)),
    appendBezierCurve(r3(cx - k), r3(cy + rr), r3(cx - rr), r3(cy + k), r3(cx - rr), r3(cy)),
    appendBezierCurve(r3(cx - rr), r3(cy - k), r3(cx - k), r3(cy - rr), r3(cx), r3(cy - rr)),
    appendBezierCurve(r3(cx + k), r3(cy - rr), r3(cx + rr), r3(cy - k), r3(cx + rr), r3(cy)),
    closePath(),
    stroke(),
  );

  // Star.
  geo.star.forEach(([x, y], i) => ops.push(i === 0 ? moveTo(r3(cx + x), r3(cy + y)) : lineTo(r3(cx + x), r3(cy + y))));
  ops.push(closePath(), fill());

  // Characters, each rotated to the arc and narrowed.
  ops.push(setLineWidth(r3(geo.glyphOutline)), beginText(), setTextRenderingMode(TextRenderingMode.FillAndOutline));
  for (const glyph of geo.glyphs) {
    const cos = Math.cos(glyph.rotation);
    const sin = Math.sin(glyph.rotation);
    ops.push(
      setFontAndSize(fontKey, r3(glyph.size)),
      setTextMatrix(r3(glyph.scaleX * cos), r3(glyph.scaleX * sin), r3(-sin), r3(cos), r3(cx + glyph.x), r3(cy + glyph.y)),
      showText(opts.font.encodeText(glyph.ch)),
    );
  }
  ops.push(endText(), popGraphicsState());
  page.pushOperators(...ops);
}
