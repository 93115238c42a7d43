/**
 * The laid-out page as a list of drawing commands (text runs and rules) in PDF points, and the
 * writer that turns it into PDF content with pdf-lib. Keeping layout and drawing apart lets the
 * tests check positions in points without parsing a PDF.
 */
import {
  PDFName,
  beginText,
  endText,
  lineTo,
  moveTo,
  popGraphicsState,
  pushGraphicsState,
  setCharacterSpacing,
  setFillingRgbColor,
  setFontAndSize,
  setLineWidth,
  setStrokingRgbColor,
  setTextMatrix,
  setTextRenderingMode,
  showText,
  stroke,
  TextRenderingMode,
  type PDFDocument,
  type PDFFont,
  type PDFOperator,
  type PDFPage,
} from 'pdf-lib';
import { EmbeddedFonts, type FontRole, type FontSet } from './fonts';
import type { BrokenLine } from './line-break';
import type { Rgb } from './page-geometry';

export interface TextCmd {
  kind: 'text';
  /** Start of the baseline. */
  x: number;
  y: number;
  text: string;
  role: FontRole;
  size: number;
  /** Extra space after every character (PDF Tc), in points. */
  spacing: number;
  /** Horizontal scaling (1 = none): the tall, narrow 发文机关标志. */
  scaleX?: number;
  /** Drawn with a thin outline of the fill colour (faux bold: the fonts have no bold face). */
  bold?: boolean;
  color: Rgb;
  /** Laid-out width (for tests and centring). */
  width: number;
}

/** A straight line (rules of the 版记, the red separator, table borders). */
export interface RuleCmd {
  kind: 'rule';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** Stroke width in points. */
  width: number;
  color: Rgb;
}

export type Cmd = TextCmd | RuleCmd;

export interface CharStyle {
  role: FontRole;
  size: number;
  bold?: boolean;
}

export interface LineDrawOptions {
  x: number;
  y: number;
  /** Base character spacing the widths were measured with. */
  spacing: number;
  color: Rgb;
  /** Stretch or squeeze the line to exactly this width. */
  justifyTo?: number;
}

/** Text commands for one broken line: one run per font/size/weight, justified if asked. */
export function lineCommands(line: BrokenLine<CharStyle>, opts: LineDrawOptions): TextCmd[] {
  const n = line.chars.length;
  let extra = 0;
  if (opts.justifyTo !== undefined && n > 1) {
    // The last character's trailing spacing is not visible.
    extra = (opts.justifyTo + opts.spacing - line.width) / (n - 1);
    if (extra > line.chars[0].style.size * 0.6) extra = 0; // a nearly empty line: leave it ragged
  }
  const cmds: TextCmd[] = [];
  let x = opts.x;
  let i = 0;
  while (i < n) {
    const style = line.chars[i].style;
    let text = '';
    let width = 0;
    while (i < n && sameStyle(line.chars[i].style, style)) {
      text += line.chars[i].ch;
      width += line.chars[i].width + extra;
      i++;
    }
    cmds.push({
      kind: 'text',
      x,
      y: opts.y,
      text,
      role: style.role,
      size: style.size,
      spacing: opts.spacing + extra,
      bold: style.bold,
      color: opts.color,
      width,
    });
    x += width;
  }
  return cmds;
}

function sameStyle(a: CharStyle, b: CharStyle): boolean {
  return a.role === b.role && a.size === b.size && !!a.bold === !!b.bold;
}

/** Fonts the commands need, so only those are embedded. */
export function rolesUsed(pages: Cmd[][]): Set<FontRole> {
  const roles = new Set<FontRole>();
  for (const page of pages) for (const c of page) if (c.kind === 'text' && c.text.trim()) roles.add(c.role);
  return roles;
}

const n2 = (v: number) => Math.round(v * 1000) / 1000;

/** Draws commands onto a pdf-lib page. */
export async function drawCommands(page: PDFPage, cmds: Cmd[], fonts: EmbeddedFonts): Promise<void> {
  const keys = new Map<PDFFont, PDFName>();
  const ops: PDFOperator[] = [];
  for (const cmd of cmds) {
    if (cmd.kind === 'rule') {
      ops.push(
        pushGraphicsState(),
        setStrokingRgbColor(cmd.color.r, cmd.color.g, cmd.color.b),
        setLineWidth(n2(cmd.width)),
        moveTo(n2(cmd.x1), n2(cmd.y1)),
        lineTo(n2(cmd.x2), n2(cmd.y2)),
        stroke(),
        popGraphicsState(),
      );
      continue;
    }
    if (!cmd.text) continue;
    const font = await fonts.get(cmd.role);
    let key = keys.get(font);
    if (!key) {
      key = page.node.newFontDictionary(font.name, font.ref);
      keys.set(font, key);
    }
    ops.push(pushGraphicsState(), beginText(), setFillingRgbColor(cmd.color.r, cmd.color.g, cmd.color.b));
    const outline = (cmd.bold ? 0.035 : 0) + fonts.fonts.embolden[cmd.role];
    if (outline > 0) {
      ops.push(
        setStrokingRgbColor(cmd.color.r, cmd.color.g, cmd.color.b),
        setLineWidth(n2(cmd.size * outline)),
        setTextRenderingMode(TextRenderingMode.FillAndOutline),
      );
    }
    ops.push(
      setFontAndSize(key, cmd.size),
      setCharacterSpacing(n2(cmd.spacing)),
      setTextMatrix(cmd.scaleX ?? 1, 0, 0, 1, n2(cmd.x), n2(cmd.y)),
      showText(font.encodeText(cmd.text)),
      endText(),
      popGraphicsState(),
    );
  }
  page.pushOperators(...ops);
}

/** Embeds the fonts the pages use and draws them into fresh A4 pages of `doc`. */
export async function writePages(doc: PDFDocument, pages: Cmd[][], fonts: FontSet, size: [number, number]): Promise<PDFPage[]> {
  const embedded = new EmbeddedFonts(doc, fonts);
  const out: PDFPage[] = [];
  for (const cmds of pages) {
    const page = doc.addPage(size);
    await drawCommands(page, cmds, embedded);
    out.push(page);
  }
  return out;
}
