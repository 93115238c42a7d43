/**
 * The agency seal as SVG for the web preview: the same geometry as the PDF seal, in millimetres.
 * The browser draws the characters with a local Song face.
 */
import { DEFAULT_SEAL_DIAMETER_MM, SEAL_OPACITY, SEAL_RED_HEX, sealGeometry, type SealText } from './seal-geometry';

const f = (v: number) => String(Math.round(v * 1000) / 1000);

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function sealSvg(agencyName: string, opts: { bottomText?: string; diameterMm?: number } = {}): string {
  const d = opts.diameterMm ?? DEFAULT_SEAL_DIAMETER_MM;
  const geo = sealGeometry(d, { agencyName, bottomText: opts.bottomText } satisfies SealText);
  const c = d / 2;
  // SVG's y axis points down: flip y and turn counter-clockwise rotations into clockwise ones.
  const star = geo.star.map(([x, y]) => `${f(c + x)},${f(c - y)}`).join(' ');
  const glyphs = geo.glyphs
    .map(
      (g) =>
        `<text transform="translate(${f(c + g.x)} ${f(c - g.y)}) rotate(${f((-g.rotation * 180) / Math.PI)}) scale(${f(g.scaleX)} 1)" font-size="${f(g.size)}">${escapeXml(g.ch)}</text>`,
    )
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${f(d)}mm" height="${f(d)}mm" viewBox="0 0 ${f(d)} ${f(d)}" role="img" aria-label="${escapeXml(agencyName)}印章">` +
    `<g fill="${SEAL_RED_HEX}" stroke="${SEAL_RED_HEX}" opacity="${SEAL_OPACITY}">` +
    `<circle cx="${f(c)}" cy="${f(c)}" r="${f(geo.ring.radius)}" fill="none" stroke-width="${f(geo.ring.width)}"/>` +
    `<polygon points="${star}" stroke="none"/>` +
    `<g font-family="'AR PL UMing CN', 'SimSun', 'Songti SC', serif" stroke-width="${f(geo.glyphOutline)}">${glyphs}</g>` +
    `</g></svg>`
  );
}
