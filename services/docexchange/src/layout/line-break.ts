/**
 * Line breaking for Chinese text with kinsoku (禁则): a line may break between any two Chinese
 * characters, but never before closing punctuation nor after opening punctuation; Latin words
 * and numbers stay whole; —— and …… are never split. A line that would only overflow because of
 * its closing punctuation keeps it and is squeezed (标点挤压) instead of pushing a character down.
 */

/** Cannot begin a line (行首禁则). */
const NO_START = new Set([...'，。、；：？！）》」』”’】〕〉〗｝…—·％‰℃°,.;:?!)]}%']);
/** Cannot end a line (行尾禁则). */
const NO_END = new Set([...'（《「『“‘【〔〈〖｛([{']);
/** Characters that make up a Latin word or a number. */
const WORD_CHAR = /[A-Za-z0-9\u00C0-\u024F.\-/:_@&+#'%]/;

export interface LayoutChar<S = unknown> {
  ch: string;
  /** Advance including the line's base character spacing. */
  width: number;
  style: S;
}

export interface BrokenLine<S = unknown> {
  chars: LayoutChar<S>[];
  /** Sum of the characters' widths (without trimmed spaces). */
  width: number;
  /** The paragraph's last line (not justified). */
  last: boolean;
}

export interface BreakOptions {
  /** Available width of line `index` (0 = first line of the paragraph). */
  lineWidth: (index: number) => number;
  /** Fraction of a trailing closing punctuation mark that may be squeezed to keep it on the line. */
  squeeze?: number;
}

const EPSILON = 0.01;

export function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\u00a0';
}

/** Groups characters into unbreakable atoms. */
export function atoms<S>(chars: LayoutChar<S>[]): LayoutChar<S>[][] {
  const tokens: LayoutChar<S>[][] = [];
  for (const c of chars) {
    const prev = tokens[tokens.length - 1];
    if (prev && WORD_CHAR.test(c.ch) && WORD_CHAR.test(prev[prev.length - 1].ch) && !isSpace(c.ch)) prev.push(c);
    else tokens.push([c]);
  }
  const out: LayoutChar<S>[][] = [];
  for (const token of tokens) {
    const last = out[out.length - 1];
    const lastChar = last?.[last.length - 1]?.ch;
    const glue = last !== undefined && !isSpace(lastChar!) && !isSpace(token[0].ch) && (NO_START.has(token[0].ch) || NO_END.has(lastChar!));
    if (glue) last.push(...token);
    else out.push(token);
  }
  return out;
}

export function breakLines<S>(chars: LayoutChar<S>[], options: BreakOptions): BrokenLine<S>[] {
  const squeeze = options.squeeze ?? 0.5;
  const lines: BrokenLine<S>[] = [];
  let current: LayoutChar<S>[] = [];
  let width = 0;

  const finish = () => {
    while (current.length && isSpace(current[current.length - 1].ch)) width -= current.pop()!.width;
    lines.push({ chars: current, width, last: false });
    current = [];
    width = 0;
  };

  for (const atom of atoms(chars)) {
    if (isSpace(atom[0].ch) && current.length === 0) continue;
    const atomWidth = sum(atom);
    const avail = options.lineWidth(lines.length);
    if (width + atomWidth <= avail + EPSILON) {
      current.push(...atom);
      width += atomWidth;
      continue;
    }
    if (current.length && width + atomWidth <= avail + squeezable(atom) * squeeze + EPSILON) {
      current.push(...atom);
      width += atomWidth;
      finish();
      continue;
    }
    if (current.length) finish();
    if (isSpace(atom[0].ch)) continue;
    // An atom wider than a whole line (a long URL): break it anywhere.
    for (const c of atom) {
      if (current.length && width + c.width > options.lineWidth(lines.length) + EPSILON) finish();
      current.push(c);
      width += c.width;
    }
  }
  if (current.length || lines.length === 0) finish();
  lines[lines.length - 1].last = true;
  return lines;
}

/** Width of the closing punctuation at the end of an atom (what may be squeezed). */
function squeezable<S>(atom: LayoutChar<S>[]): number {
  let w = 0;
  for (let i = atom.length - 1; i > 0 && NO_START.has(atom[i].ch) && !WORD_CHAR.test(atom[i].ch); i--) w += atom[i].width;
  return w;
}

function sum<S>(chars: LayoutChar<S>[]): number {
  let w = 0;
  for (const c of chars) w += c.width;
  return w;
}

export const kinsoku = { NO_START, NO_END };
