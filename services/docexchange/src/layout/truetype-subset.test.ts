import fontkit from '@pdf-lib/fontkit';
import { describe, expect, it } from 'vitest';
import { loadFontSet, type FontRole } from './fonts';
import { TrueTypeFace, TrueTypeSubset, type TableDirectory } from './truetype-subset';

interface Glyph {
  id: number;
  advanceWidth: number;
  numberOfContours?: number;
  path: { toSVG(): string };
  _decode(): { numberOfContours: number; components?: { glyphID: number }[] } | null;
}
interface Font {
  numGlyphs: number;
  directory: TableDirectory;
  getGlyph(id: number): Glyph;
  glyphForCodePoint(cp: number): Glyph;
}

const TEXT = '示范市人民政府关于印发《2026年数字政府建设工作要点》的通知，一、（一）1. ABC abc ％〔〕';

describe('TrueType subset', async () => {
  const fonts = await loadFontSet();
  const roles: FontRole[] = ['fangsong', 'xiaobiaosong', 'heiti', 'kaiti'];

  for (const role of roles) {
    it(`${role}: every glyph keeps its outline and advance, and the file reads back`, () => {
      const face = fonts.faces[role];
      const original = face.font as unknown as Font;
      const subset = new TrueTypeSubset(new TrueTypeFace(face.bytes, original.directory));
      const wanted = Array.from(TEXT, (ch) => original.glyphForCodePoint(ch.codePointAt(0)!));
      const ids = wanted.map((g) => subset.includeGlyph(g));
      expect(ids[0]).toBe(1); // 0 is .notdef
      expect(subset.includeGlyph(wanted[0])).toBe(ids[0]); // the same glyph once

      const bytes = subset.encode();
      const back = fontkit.create(bytes) as unknown as Font;
      expect(back.numGlyphs).toBe(new Set(wanted.map((g) => g.id)).size + 1 + compositeExtras(original, wanted));
      wanted.forEach((g, i) => {
        const copy = back.getGlyph(ids[i]);
        expect(copy.advanceWidth).toBe(g.advanceWidth);
        expect(copy.path.toSVG()).toBe(g.path.toSVG());
      });
      expect(sfntChecksumOk(bytes)).toBe(true);
    });
  }

  it('renumbers the components of composite glyphs into the subset', () => {
    // WenQuanYi Micro Hei builds accented Latin letters from components.
    const face = fonts.faces.heiti;
    const original = face.font as unknown as Font;
    const composite = ['é', 'Å', 'ñ', 'ü'].map((ch) => original.glyphForCodePoint(ch.codePointAt(0)!)).find((g) => (g._decode()?.numberOfContours ?? 0) < 0);
    if (!composite) throw new Error('expected a composite glyph in WenQuanYi Micro Hei');
    const subset = new TrueTypeSubset(new TrueTypeFace(face.bytes, original.directory));
    const id = subset.includeGlyph(composite);
    const back = fontkit.create(subset.encode()) as unknown as Font;
    const copy = back.getGlyph(id);
    expect(copy.path.toSVG()).toBe(composite.path.toSVG());
    const components = copy._decode()!.components!.map((c) => c.glyphID);
    expect(components.every((c) => c > 0 && c < back.numGlyphs)).toBe(true);
  });
});

function compositeExtras(font: Font, glyphs: Glyph[]): number {
  const ids = new Set(glyphs.map((g) => g.id));
  const extra = new Set<number>();
  const visit = (g: Glyph) => {
    for (const c of g._decode()?.components ?? []) {
      if (!ids.has(c.glyphID) && !extra.has(c.glyphID)) {
        extra.add(c.glyphID);
        visit(font.getGlyph(c.glyphID));
      }
    }
  };
  glyphs.forEach(visit);
  return extra.size;
}

/** The whole file sums to 0xB1B0AFBA when head.checkSumAdjustment is right. */
function sfntChecksumOk(bytes: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i + 4 <= bytes.length; i += 4) sum = (sum + bytes.readUInt32BE(i)) >>> 0;
  return sum === 0xb1b0afba;
}
