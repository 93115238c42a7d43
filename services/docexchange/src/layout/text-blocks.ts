/**
 * Turning text into flow items: paragraphs (indented, justified, kinsoku line breaks) and tables
 * (rows that paginate, with the header row repeated on each new page).
 */
import { lineCommands, type CharStyle, type Cmd, type RuleCmd } from './display-list';
import type { FlowItem } from './flow';
import type { FontSet } from './fonts';
import { breakLines, type BrokenLine, type LayoutChar } from './line-break';
import { BLACK, baselineInLine, type Rgb } from './page-geometry';

export interface TextRun {
  text: string;
  style: CharStyle;
}

/** Characters with the font that will draw them (fallback for missing glyphs) and their advances. */
export function layoutChars(fonts: FontSet, runs: TextRun[], spacing: number): LayoutChar<CharStyle>[] {
  const out: LayoutChar<CharStyle>[] = [];
  for (const run of runs) {
    for (const ch of run.text) {
      const cp = ch.codePointAt(0)!;
      if (cp === 0x0a || cp === 0x0d || cp === 0x09) continue;
      const role = fonts.roleFor(run.style.role, cp);
      const style = role === run.style.role ? run.style : { ...run.style, role };
      out.push({ ch, style, width: fonts.faces[role].advance(cp) * run.style.size + spacing });
    }
  }
  return out;
}

export interface ParagraphSpec {
  runs: TextRun[];
  /** Left edge and width of the column. */
  x: number;
  width: number;
  firstIndent?: number;
  restIndent?: number;
  /** Base character spacing (Tc). */
  spacing: number;
  /** Line pitch. */
  pitch: number;
  align?: 'justify' | 'left' | 'center' | 'right';
  color?: Rgb;
}

export function breakParagraph(fonts: FontSet, spec: ParagraphSpec): BrokenLine<CharStyle>[] {
  const first = spec.firstIndent ?? 0;
  const rest = spec.restIndent ?? 0;
  return breakLines(layoutChars(fonts, spec.runs, spec.spacing), {
    lineWidth: (i) => spec.width - (i === 0 ? first : rest),
  });
}

/** Commands for one line of a paragraph whose line box starts at `top`. */
export function paragraphLineCommands(line: BrokenLine<CharStyle>, index: number, top: number, spec: ParagraphSpec): Cmd[] {
  const indent = index === 0 ? (spec.firstIndent ?? 0) : (spec.restIndent ?? 0);
  const avail = spec.width - indent;
  const visible = line.width - spec.spacing;
  const align = spec.align ?? 'justify';
  let x = spec.x + indent;
  if (align === 'center') x += (avail - visible) / 2;
  if (align === 'right') x += avail - visible;
  const size = Math.max(...line.chars.map((c) => c.style.size), 0);
  return lineCommands(line, {
    x,
    y: baselineInLine(top, size, spec.pitch),
    spacing: spec.spacing,
    color: spec.color ?? BLACK,
    justifyTo: align === 'justify' && !line.last ? avail : undefined,
  });
}

/** One flow item per line. */
export function paragraphItems(fonts: FontSet, spec: ParagraphSpec): FlowItem[] {
  return breakParagraph(fonts, spec).map((line, i) => ({
    height: spec.pitch,
    draw: (top: number) => paragraphLineCommands(line, i, top, spec),
  }));
}

export interface TableSpec {
  rows: string[][];
  header: boolean;
  x: number;
  width: number;
  size: number;
  lineHeight: number;
  body: CharStyle['role'];
  head: CharStyle['role'];
}

const CELL_PAD_X = 5;
const CELL_PAD_Y = 4;
const BORDER = 0.6;

export function tableItems(fonts: FontSet, spec: TableSpec): FlowItem[] {
  const columns = Math.max(...spec.rows.map((r) => r.length), 1);
  const rows = spec.rows.map((r) => Array.from({ length: columns }, (_, i) => (r[i] ?? '').trim()));
  const styleOf = (row: number): CharStyle => ({ role: spec.header && row === 0 ? spec.head : spec.body, size: spec.size });
  const natural = (text: string, row: number) => fonts.width(styleOf(row).role, text, spec.size);
  const widths = columnWidths(
    rows.map((r, ri) => r.map((cell) => natural(cell, ri))),
    spec.width,
    spec.size,
  );
  const shortColumn = widths.map((_, c) => rows.every((r, ri) => natural(r[c], ri) <= spec.size * 6));

  const items = rows.map((cells, ri): FlowItem => {
    const style = styleOf(ri);
    const cellSpecs = cells.map((text, c): ParagraphSpec => ({
      runs: [{ text, style }],
      x: spec.x + widths.slice(0, c).reduce((a, b) => a + b, 0) + CELL_PAD_X,
      width: widths[c] - 2 * CELL_PAD_X,
      spacing: 0,
      pitch: spec.lineHeight,
      align: (spec.header && ri === 0) || shortColumn[c] ? 'center' : 'justify',
    }));
    const lines = cellSpecs.map((cs) => (cs.runs[0].text ? breakParagraph(fonts, cs) : []));
    const height = Math.max(1, ...lines.map((l) => l.length)) * spec.lineHeight + 2 * CELL_PAD_Y;
    return {
      height,
      draw: (top) => {
        const cmds: Cmd[] = [];
        lines.forEach((cellLines, c) => {
          const textTop = top - CELL_PAD_Y - ((Math.max(1, ...lines.map((l) => l.length)) - cellLines.length) * spec.lineHeight) / 2;
          cellLines.forEach((line, li) => cmds.push(...paragraphLineCommands(line, li, textTop - li * spec.lineHeight, cellSpecs[c])));
        });
        const bottom = top - height;
        const rule = (x1: number, y1: number, x2: number, y2: number): RuleCmd => ({ kind: 'rule', x1, y1, x2, y2, width: BORDER, color: BLACK });
        cmds.push(rule(spec.x, top, spec.x + spec.width, top), rule(spec.x, bottom, spec.x + spec.width, bottom));
        let x = spec.x;
        for (const w of [0, ...widths]) {
          x += w;
          cmds.push(rule(x, top, x, bottom));
        }
        return cmds;
      },
    };
  });
  if (spec.header && items.length > 1) {
    items[1].keepWithPrev = true; // never a header row alone at the foot of a page
    for (const item of items.slice(1)) item.repeatOnNewPage = items[0];
  }
  return items;
}

/**
 * Column widths from the cells' natural widths: every column gets at least two characters, wide
 * columns share what is left in proportion to their content.
 */
export function columnWidths(naturalByRow: number[][], total: number, size: number): number[] {
  const columns = naturalByRow[0]?.length ?? 0;
  const want = Array.from({ length: columns }, (_, c) => Math.max(...naturalByRow.map((r) => r[c])) + 2 * CELL_PAD_X);
  const min = 2 * size + 2 * CELL_PAD_X;
  const floor = want.map((w) => Math.max(min, Math.min(w, total / columns)));
  if (want.reduce((a, b) => a + b, 0) <= total) {
    const sum = want.reduce((a, b) => a + Math.max(b, min), 0);
    return want.map((w) => (Math.max(w, min) * total) / sum);
  }
  // Columns that fit in their share keep their width; the others split the rest by content.
  const fixed = want.map((w) => w <= total / columns);
  const fixedSum = floor.reduce((a, w, c) => a + (fixed[c] ? w : 0), 0);
  const flexWant = want.reduce((a, w, c) => a + (fixed[c] ? 0 : w), 0);
  const out = want.map((w, c) => (fixed[c] ? floor[c] : Math.max(min, ((total - fixedSum) * w) / flexWant)));
  const sum = out.reduce((a, b) => a + b, 0);
  return out.map((w) => (w * total) / sum);
}
