/**
 * The fonts of a 公文 by role, loaded once per process and measured with fontkit; embedded into a
 * PDFDocument as subsets. Only TrueType (glyf) fonts: @pdf-lib/fontkit 1.1.1 writes broken CFF
 * subsets (see docs/notes on dependencies). A .ttc collection is read once and the face picked by
 * PostScript, family or full name, so the same file can serve several roles.
 */
import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import '../pdf-native-deflate';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';
import { TrueTypeFace, TrueTypeSubset, type TableDirectory } from './truetype-subset';

export type FontRole = 'fangsong' | 'xiaobiaosong' | 'heiti' | 'kaiti' | 'songti';

export interface FontSource {
  path: string;
  /** Face inside a .ttc collection (PostScript, family or full name); the first face if omitted. */
  face?: string;
  /**
   * Outline stroke added to every glyph, as a fraction of the type size: makes a light face read
   * like the heavier official one (AR PL SungtiL standing in for 小标宋). 0 for a real 小标宋.
   */
  embolden?: number;
}

/**
 * Font file per role. A site with licensed fonts points `fangsong` at 仿宋_GB2312,
 * `xiaobiaosong` at 方正小标宋 and so on.
 */
export type FontPaths = Partial<Record<FontRole, string | FontSource>>;

export const DEFAULT_FONTS: Readonly<Record<FontRole, FontSource>> = {
  // No free simplified 仿宋 exists in Debian: the Ming/Song face stands in for the body text.
  fangsong: { path: '/usr/share/fonts/truetype/arphic/uming.ttc', face: 'AR PL UMing CN' },
  xiaobiaosong: { path: '/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf', embolden: 0.025 },
  heiti: { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', face: 'WenQuanYi Micro Hei' },
  kaiti: { path: '/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf' },
  songti: { path: '/usr/share/fonts/truetype/arphic/uming.ttc', face: 'AR PL UMing CN' },
};

/** The part of a fontkit font we use. */
export interface FontkitFont {
  postscriptName: string | null;
  familyName: string | null;
  fullName: string | null;
  unitsPerEm: number;
  hasGlyphForCodePoint(codePoint: number): boolean;
  glyphForCodePoint(codePoint: number): { advanceWidth: number; bbox: { minY: number; maxY: number } };
  createSubset?: unknown;
}

interface FontkitCollection {
  fonts: FontkitFont[];
}

/** One loaded face: its metrics and a distinct byte view to hand to pdf-lib. */
export interface Face {
  key: string;
  font: FontkitFont;
  /** A view of the file bytes unique to this face (pdf-lib passes it back to fontkit.create). */
  bytes: Uint8Array;
  unitsPerEm: number;
  advance(codePoint: number): number;
  has(codePoint: number): boolean;
  /** Ink extent of a glyph in em units (maxY above, minY below the baseline). */
  inkY(codePoint: number): { minY: number; maxY: number };
}

const faceCache = new Map<string, Promise<Face>>();
const facesByBytes = new WeakMap<Uint8Array, FontkitFont>();

function normalise(src: string | FontSource): FontSource {
  return typeof src === 'string' ? { path: src } : src;
}

export function resolveFontSources(paths: FontPaths = {}): Record<FontRole, FontSource> {
  const out = { ...DEFAULT_FONTS };
  for (const [role, src] of Object.entries(paths) as [FontRole, string | FontSource | undefined][]) {
    if (src) out[role] = normalise(src);
  }
  return out;
}

export function loadFace(src: string | FontSource): Promise<Face> {
  const { path, face } = normalise(src);
  const key = `${path}#${face ?? ''}`;
  let pending = faceCache.get(key);
  if (!pending) {
    pending = readFace(path, face, key);
    faceCache.set(key, pending);
    pending.catch(() => faceCache.delete(key));
  }
  return pending;
}

async function readFace(path: string, faceName: string | undefined, key: string): Promise<Face> {
  const file = await readFile(path);
  const parsed = fontkit.create(file) as unknown as FontkitFont | FontkitCollection;
  let font: FontkitFont;
  if ('fonts' in parsed && Array.isArray(parsed.fonts)) {
    const faces = parsed.fonts;
    const found = faceName ? faces.find((f) => [f.postscriptName, f.familyName, f.fullName].includes(faceName)) : faces[0];
    if (!found) {
      const names = faces.map((f) => f.familyName).join(', ');
      throw new Error(`font collection ${path} has no face "${faceName}" (it has: ${names})`);
    }
    font = found;
  } else {
    font = parsed as FontkitFont;
  }
  if (typeof font.createSubset !== 'function') throw new Error(`${path}: fontkit cannot subset this font`);
  // CFF outlines subset into files poppler rejects (blank pages without a fallback font).
  if ((font as { directory?: { tables?: Record<string, unknown> } }).directory?.tables?.['CFF ']) {
    throw new Error(`${path}: only TrueType (glyf) fonts can be embedded, this one has CFF outlines`);
  }
  const bytes = new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
  facesByBytes.set(bytes, pdfLibView(font, bytes));
  const scale = 1 / font.unitsPerEm;
  const advances = new Map<number, number>();
  const hasGlyph = new Map<number, boolean>();
  return {
    key,
    font,
    bytes,
    unitsPerEm: font.unitsPerEm,
    has(cp) {
      // fontkit walks the cmap on every call; a 公文 asks about each of its characters many times.
      let known = hasGlyph.get(cp);
      if (known === undefined) {
        known = font.hasGlyphForCodePoint(cp);
        hasGlyph.set(cp, known);
      }
      return known;
    },
    advance(cp) {
      let w = advances.get(cp);
      if (w === undefined) {
        w = font.glyphForCodePoint(cp).advanceWidth * scale;
        advances.set(cp, w);
      }
      return w;
    },
    inkY(cp) {
      const { bbox } = font.glyphForCodePoint(cp);
      return { minY: bbox.minY * scale, maxY: bbox.maxY * scale };
    },
  };
}

/** Loads every role's face (in parallel; cached for the life of the process). */
export async function loadFontSet(paths?: FontPaths): Promise<FontSet> {
  const sources = resolveFontSources(paths);
  const roles = Object.keys(sources) as FontRole[];
  const faces = await Promise.all(roles.map((role) => loadFace(sources[role])));
  const byRole = <T>(value: (role: FontRole, i: number) => T) => Object.fromEntries(roles.map((role, i) => [role, value(role, i)])) as Record<FontRole, T>;
  return new FontSet(
    byRole((_, i) => faces[i]),
    byRole((role) => sources[role].embolden ?? 0),
  );
}

/** Fallback order when a role's face lacks a character. */
const FALLBACK: FontRole[] = ['fangsong', 'songti', 'heiti', 'kaiti', 'xiaobiaosong'];

export class FontSet {
  constructor(
    readonly faces: Record<FontRole, Face>,
    /** Faux-bold stroke per role, as a fraction of the size. */
    readonly embolden: Record<FontRole, number> = { fangsong: 0, xiaobiaosong: 0, heiti: 0, kaiti: 0, songti: 0 },
  ) {}

  /** The role whose face draws this character: the wanted one, else the first that has it. */
  roleFor(role: FontRole, codePoint: number): FontRole {
    if (this.faces[role].has(codePoint) || isSpace(codePoint)) return role;
    return FALLBACK.find((r) => this.faces[r].has(codePoint)) ?? role;
  }

  /** Advance of one character at `size`, in points. */
  advance(role: FontRole, codePoint: number, size: number): number {
    return this.faces[this.roleFor(role, codePoint)].advance(codePoint) * size;
  }

  width(role: FontRole, text: string, size: number): number {
    let w = 0;
    for (const ch of text) w += this.advance(role, ch.codePointAt(0)!, size);
    return w;
  }
}

function isSpace(cp: number): boolean {
  return cp === 0x20 || cp === 0x3000;
}

/**
 * The face as pdf-lib sees it: the fontkit font with two methods replaced. `layout` maps code
 * points straight to glyphs: pdf-lib reads only the glyphs of a layout, and the text of a 公文
 * needs no OpenType shaping (fontkit's shaping cost ~10 ms of CPU per document). `createSubset`
 * is the raw-byte TrueType subsetter (truetype-subset.ts) instead of fontkit's.
 */
function pdfLibView(font: FontkitFont, file: Uint8Array): FontkitFont {
  const truetype = new TrueTypeFace(file, (font as unknown as { directory: TableDirectory }).directory);
  const glyphs = new Map<number, ReturnType<FontkitFont['glyphForCodePoint']>>();
  const glyphFor = (cp: number) => {
    let glyph = glyphs.get(cp);
    if (!glyph) {
      glyph = font.glyphForCodePoint(cp);
      glyphs.set(cp, glyph);
    }
    return glyph;
  };
  return Object.create(font, {
    layout: { value: (text: string) => ({ glyphs: Array.from(text, (ch) => glyphFor(ch.codePointAt(0)!)) }) },
    createSubset: { value: () => new TrueTypeSubset(truetype) },
  }) as FontkitFont;
}

/** pdf-lib's fontkit hook: hands back the already parsed face for our byte views. */
export const cachedFontkit = {
  create(bytes: Uint8Array, postscriptName?: string) {
    const known = facesByBytes.get(bytes);
    if (known) return known as never;
    return fontkit.create(bytes, postscriptName);
  },
};

/** Embeds faces as subsets, once per face even when several roles share it. */
export class EmbeddedFonts {
  private readonly byFace = new Map<string, Promise<PDFFont>>();

  constructor(
    private readonly doc: PDFDocument,
    readonly fonts: FontSet,
  ) {
    doc.registerFontkit(cachedFontkit);
  }

  get(role: FontRole): Promise<PDFFont> {
    const face = this.fonts.faces[role];
    let font = this.byFace.get(face.key);
    if (!font) {
      font = embedSubset(this.doc, face);
      this.byFace.set(face.key, font);
    }
    return font;
  }
}

/**
 * Embeds a face as a subset named with the six-letter tag readers expect (ABCDEF+Name, ISO 32000
 * 9.6.4), so tools such as pdffonts report it as a subset.
 */
export function embedSubset(doc: PDFDocument, face: Face): Promise<PDFFont> {
  doc.registerFontkit(cachedFontkit);
  const tag = Array.from({ length: 6 }, () => String.fromCharCode(65 + randomInt(26))).join('');
  const name = (face.font.postscriptName ?? 'Font').replace(/[^\x21-\x7e]|[()<>[\]{}/%#]/g, '');
  return doc.embedFont(face.bytes, { subset: true, customName: `${tag}+${name}` });
}
