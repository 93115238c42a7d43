/**
 * Chinese text for the annotated copy: each character drawn with the first face that has it (楷体 for
 * 批示, then 宋体 and 黑体), the faces embedded as TrueType subsets as the 公文 layout does.
 */
import { rgb, type PDFDocument, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';
import { DEFAULT_FONTS, embedSubset, loadFace, type Face, type FontRole } from '../../layout/fonts';

export type TextStyle = 'kaiti' | 'songti' | 'heiti';

const ORDER: Record<TextStyle, FontRole[]> = {
  kaiti: ['kaiti', 'songti', 'heiti'],
  songti: ['songti', 'heiti', 'kaiti'],
  heiti: ['heiti', 'songti', 'kaiti'],
};

export class CjkText {
  private readonly embedded = new Map<FontRole, Promise<PDFFont>>();

  private constructor(
    private readonly doc: PDFDocument,
    private readonly faces: Record<'kaiti' | 'songti' | 'heiti', Face>,
  ) {}

  static async create(doc: PDFDocument): Promise<CjkText> {
    const [kaiti, songti, heiti] = await Promise.all([loadFace(DEFAULT_FONTS.kaiti), loadFace(DEFAULT_FONTS.songti), loadFace(DEFAULT_FONTS.heiti)]);
    return new CjkText(doc, { kaiti, songti, heiti });
  }

  private font(role: FontRole): Promise<PDFFont> {
    let f = this.embedded.get(role);
    if (!f) {
      f = embedSubset(this.doc, this.faces[role as TextStyle]);
      this.embedded.set(role, f);
    }
    return f;
  }

  /** Runs of characters by the face that draws them; characters no face has become '?'. */
  private runs(text: string, style: TextStyle): Array<{ role: FontRole; text: string }> {
    const out: Array<{ role: FontRole; text: string }> = [];
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      let role = ORDER[style].find((r) => this.faces[r as TextStyle].has(cp));
      let c = ch;
      if (!role) {
        role = style;
        c = '?';
      }
      const last = out.at(-1);
      if (last && last.role === role) last.text += c;
      else out.push({ role, text: c });
    }
    return out;
  }

  width(text: string, style: TextStyle, size: number): number {
    let w = 0;
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      const role = ORDER[style].find((r) => this.faces[r as TextStyle].has(cp)) ?? style;
      w += this.faces[role as TextStyle].has(cp) ? this.faces[role as TextStyle].advance(cp) * size : size / 2;
    }
    return w;
  }

  /** Draws one line with its baseline at y (PDF coordinates, y up). Returns the width drawn. */
  async draw(page: PDFPage, text: string, x: number, y: number, opts: { style: TextStyle; size: number; color?: RGB; opacity?: number }): Promise<number> {
    let cx = x;
    for (const run of this.runs(text.replace(/[\r\n\t]/g, ' '), opts.style)) {
      const font = await this.font(run.role);
      page.drawText(run.text, { x: cx, y, size: opts.size, font, color: opts.color ?? rgb(0, 0, 0), opacity: opts.opacity });
      cx += font.widthOfTextAtSize(run.text, opts.size);
    }
    return cx - x;
  }

  /** Breaks text into lines no wider than maxWidth (any CJK character may end a line; paragraphs kept). */
  wrap(text: string, style: TextStyle, size: number, maxWidth: number): string[] {
    const lines: string[] = [];
    for (const para of text.split(/\r?\n/)) {
      let line = '';
      for (const ch of para) {
        if (line && this.width(line + ch, style, size) > maxWidth) {
          // Keep a run of Latin letters or digits together when it fits on the next line.
          const m = /[A-Za-z0-9.,:;'"%-]+$/.exec(line);
          if (m && /[A-Za-z0-9]/.test(ch) && m[0].length < line.length && this.width(m[0] + ch, style, size) <= maxWidth) {
            lines.push(line.slice(0, -m[0].length));
            line = m[0];
          } else {
            lines.push(line);
            line = '';
          }
        }
        line += ch;
      }
      lines.push(line);
    }
    return lines;
  }
}
