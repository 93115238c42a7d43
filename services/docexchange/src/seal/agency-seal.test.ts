import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { drawAgencySeal } from './draw-agency-seal';
import { drawSealImage } from './draw-seal-image';
import { embedSealFont } from './seal-font';
import { sealGeometry } from './seal-geometry';
import { sealSvg } from './seal-svg';
import { countPixels, emptyFontconfigEnv, isRed, readPpm, removeTempDirs, tempDir, tool } from './pdf-tools.test-support';

const MM = 72 / 25.4;
afterAll(removeTempDirs);

describe('seal geometry', () => {
  const geo = sealGeometry(42 * MM, { agencyName: '示范市人民政府' });
  const centre = (g: (typeof geo.glyphs)[number]) => {
    const w = g.size * g.scaleX;
    return { x: g.x + (w / 2) * Math.cos(g.rotation), y: g.y + (w / 2) * Math.sin(g.rotation) };
  };

  it('puts the full name on the upper arc, left to right, each character turned to the arc', () => {
    expect(geo.glyphs.map((g) => g.ch).join('')).toBe('示范市人民政府');
    const centres = geo.glyphs.map(centre);
    for (let i = 1; i < centres.length; i++) expect(centres[i].x).toBeGreaterThan(centres[i - 1].x);
    // Symmetric about the vertical axis, the middle character upright at the top.
    expect(centres[0].x).toBeCloseTo(-centres[6].x, 6);
    expect(geo.glyphs[3].rotation).toBeCloseTo(0, 6);
    expect(geo.glyphs[0].rotation).toBeGreaterThan(Math.PI / 2);
    expect(geo.glyphs[6].rotation).toBeLessThan(-Math.PI / 2);
    // Inside the ring and outside the star.
    const inner = geo.ring.radius - geo.ring.width / 2;
    for (const g of geo.glyphs) {
      const outer = Math.hypot(g.x, g.y) + 0.1;
      expect(outer).toBeLessThan(inner);
      expect(Math.hypot(centre(g).x, centre(g).y)).toBeGreaterThan(geo.radius * 0.4);
    }
  });

  it('draws a regular five-pointed star in the centre and a thin ring of 42 mm', () => {
    expect(geo.radius * 2).toBeCloseTo(42 * MM, 6);
    expect(geo.ring.width / MM).toBeCloseTo(1.2, 1);
    expect(geo.star).toHaveLength(10);
    const radii = geo.star.map(([x, y]) => Math.hypot(x, y));
    expect(new Set(radii.filter((_, i) => i % 2 === 0).map((r) => r.toFixed(6))).size).toBe(1);
    expect(radii[1] / radii[0]).toBeCloseTo(0.382, 3);
    expect(geo.star[0][0]).toBeCloseTo(0, 6); // a point straight up
  });

  it('fits long names by narrowing the characters and adds bottom text below the star', () => {
    const long = sealGeometry(42 * MM, { agencyName: '示范市发展和改革委员会示范市发展和改革委员会', bottomText: '公文专用章' });
    const arc = long.glyphs.filter((g) => g.rotation !== 0 || g.y > 0);
    expect(arc.every((g) => g.scaleX >= 0.55 && g.scaleX <= 0.85)).toBe(true);
    const bottom = long.glyphs.slice(-5);
    expect(bottom.map((g) => g.ch).join('')).toBe('公文专用章');
    expect(bottom.every((g) => g.rotation === 0 && g.y < -long.star[0][1] * 0.5)).toBe(true);
  });
});

describe('sealSvg', () => {
  it('is the same seal as SVG, escaped', () => {
    const svg = sealSvg('示范市<人民>&政府', { bottomText: '专用章' });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="42mm" height="42mm" viewBox="0 0 42 42"/);
    expect(svg.match(/<text /g)).toHaveLength(13);
    expect(svg).toContain('&#60;');
    expect(svg).toContain('&#38;');
    expect(svg).not.toMatch(/>[^<]*&[^#][^<]*</);
    expect(svg).toContain('<polygon points="');
    expect(svg.match(/<polygon points="([^"]+)"/)![1].split(' ')).toHaveLength(10);
    expect(svg).toContain('fill="#E60000"');
    expect(svg.endsWith('</svg>')).toBe(true);
  });
});

/** Renders page 1 of a PDF at 72 dpi with no system fonts. */
function raster(pdf: Uint8Array, name: string) {
  const dir = tempDir();
  writeFileSync(join(dir, `${name}.pdf`), pdf);
  const r = tool('pdftoppm', ['-r', '72', '-singlefile', join(dir, `${name}.pdf`), join(dir, name)], { env: emptyFontconfigEnv() });
  expect(r.code).toBe(0);
  expect(r.stderr).not.toMatch(/font/i);
  return readPpm(join(dir, `${name}.ppm`), 72);
}

const pixel = (img: ReturnType<typeof readPpm>, x: number, y: number) => {
  const i = (Math.round(img.height - y) * img.width + Math.round(x)) * 3;
  return [img.rgb[i], img.rgb[i + 1], img.rgb[i + 2]];
};

describe('drawing the seal on a page', () => {
  it('draws ring, star and characters in translucent red', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage([300, 300]);
    const font = await embedSealFont(doc);
    drawAgencySeal(page, { centerX: 150, centerY: 150, agencyName: '示范市人民政府', font });
    const img = raster(await doc.save(), 'seal');
    const geo = sealGeometry(42 * MM, { agencyName: '' });
    const [r, g] = pixel(img, 150, 150 + geo.ring.radius);
    expect(isRed(r, g, pixel(img, 150, 150 + geo.ring.radius)[2])).toBe(true);
    const star = pixel(img, 150, 152);
    expect(isRed(star[0], star[1], star[2])).toBe(true);
    expect(star[1]).toBeGreaterThan(15); // 85 % opacity over white
    // Characters: red in the band between star and ring, top half.
    const band = countPixels(img, isRed, { x1: 110, x2: 190, y1: 180, y2: 200 }, 300);
    expect(band).toBeGreaterThan(100);
    expect(countPixels(img, isRed, { x1: 0, x2: 300, y1: 0, y2: 80 }, 300)).toBe(0);
  });

  it('places an uploaded PNG seal centred at the placement, keeping transparency', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage([300, 300]);
    await drawSealImage(page, redDiskPng(64), { centerX: 100, centerY: 200, diameter: 80 });
    const img = raster(await doc.save(), 'image');
    const [r, g, b] = pixel(img, 100, 200);
    expect(isRed(r, g, b)).toBe(true);
    expect(pixel(img, 63, 237)).toEqual([255, 255, 255]); // transparent corner
    expect(countPixels(img, isRed, { x1: 150, x2: 300, y1: 0, y2: 300 }, 300)).toBe(0);
  });
});

/** An RGBA PNG of a red disk on a transparent background. */
function redDiskPng(size: number): Uint8Array {
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) {
      const inside = Math.hypot(x - size / 2 + 0.5, y - size / 2 + 0.5) < size / 2 - 1;
      row.set(inside ? [230, 0, 0, 255] : [0, 0, 0, 0], 1 + x * 4);
    }
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
