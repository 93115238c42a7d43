/**
 * Geometry of the round government seal (国务院《关于国家行政机关和企业事业单位社会团体印章的
 * 规定》): a thin outer ring, a five-pointed star in the centre, the agency's full name along the
 * upper arc from left to right with each character upright to the arc, and optional text below
 * the star. Computed once in a y-up frame centred on the seal, then drawn as PDF vectors or SVG.
 */

export const SEAL_RED = { r: 0.9, g: 0, b: 0 } as const;
export const SEAL_RED_HEX = '#E60000';
export const SEAL_OPACITY = 0.85;
export const DEFAULT_SEAL_DIAMETER_MM = 42;

export interface SealGlyph {
  ch: string;
  /** Origin of the glyph (baseline, left side) relative to the seal's centre, y up. */
  x: number;
  y: number;
  /** Counter-clockwise rotation in radians. */
  rotation: number;
  size: number;
  /** Horizontal compression of the glyph (seal characters are tall and narrow). */
  scaleX: number;
}

export interface SealGeometry {
  radius: number;
  /** Centre line of the ring stroke and its width. */
  ring: { radius: number; width: number };
  /** Ten points of the star, alternating outer and inner, starting at the top. */
  star: Array<[number, number]>;
  glyphs: SealGlyph[];
  /** Stroke added to the glyphs so the thin Song face reads like an engraved seal. */
  glyphOutline: number;
}

export interface SealText {
  agencyName: string;
  /** Horizontal text below the star, e.g. 公文专用章 or a code. */
  bottomText?: string;
}

/** Advance of a character in em: full width for CJK, half for ASCII. */
function emAdvance(ch: string): number {
  return ch.codePointAt(0)! < 0x2e80 ? 0.5 : 1;
}

export function sealGeometry(diameter: number, text: SealText): SealGeometry {
  const radius = diameter / 2;
  const ringWidth = radius * 0.057; // 1.2 mm at 42 mm
  const name = [...text.agencyName.replace(/\s+/g, '')];
  const glyphs: SealGlyph[] = [];

  if (name.length) {
    // The arc grows with the name: 7 characters span about 230°, long names up to 270°.
    const span = (Math.min(270, Math.max(200, 150 + name.length * 11)) * Math.PI) / 180;
    const step = span / name.length;
    let size = radius * 0.34;
    const outerEdge = radius - ringWidth - radius * 0.05;
    const baseline = () => outerEdge - 0.82 * size;
    // Narrow the characters to fit their slice of the arc; shrink them if that is not enough.
    let scaleX = Math.min(0.85, (0.92 * step * (baseline() + 0.36 * size)) / size);
    if (scaleX < 0.55) {
      size *= scaleX / 0.55;
      scaleX = 0.55;
    }
    const r = baseline();
    name.forEach((ch, i) => {
      const theta = Math.PI / 2 + span / 2 - (i + 0.5) * step;
      const width = emAdvance(ch) * size * scaleX;
      // The glyph's x axis is the clockwise tangent (sin θ, −cos θ); its up axis points outwards.
      glyphs.push({
        ch,
        x: r * Math.cos(theta) - (width / 2) * Math.sin(theta),
        y: r * Math.sin(theta) + (width / 2) * Math.cos(theta),
        rotation: theta - Math.PI / 2,
        size,
        scaleX,
      });
    });
  }

  const starOuter = radius * 0.32;
  const starInner = starOuter * 0.382; // a regular pentagram
  const star: Array<[number, number]> = [];
  for (let k = 0; k < 10; k++) {
    const angle = Math.PI / 2 + (k * Math.PI) / 5;
    const r = k % 2 === 0 ? starOuter : starInner;
    star.push([r * Math.cos(angle), r * Math.sin(angle)]);
  }

  const bottom = [...(text.bottomText ?? '').trim()];
  if (bottom.length) {
    let size = radius * 0.2;
    const maxWidth = radius * 1.1;
    const natural = bottom.reduce((a, ch) => a + emAdvance(ch), 0) * size;
    const scaleX = Math.min(0.9, maxWidth / natural);
    const width = natural * scaleX;
    if (scaleX < 0.5) size *= scaleX / 0.5;
    let x = -width / 2;
    const y = -radius * 0.62;
    for (const ch of bottom) {
      glyphs.push({ ch, x, y, rotation: 0, size, scaleX });
      x += emAdvance(ch) * size * scaleX;
    }
  }

  return { radius, ring: { radius: radius - ringWidth / 2, width: ringWidth }, star, glyphs, glyphOutline: radius * 0.006 };
}
