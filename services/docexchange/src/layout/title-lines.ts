/**
 * Breaking the 标题 into lines the way GB/T 9704 asks: whole words (词意完整), symmetric, in a
 * trapezoid (lines growing or shrinking) or a diamond (the middle longest), never an hourglass.
 * Words come from ICU's Chinese dictionary segmentation (Intl.Segmenter), with the few 公文
 * words it splits glued back together.
 */
import { kinsoku } from './line-break';

/** Words that must not be split although the ICU dictionary does. */
const GLUED_WORDS = ['印发', '转发', '批转', '通知', '通报', '决定', '意见', '批复', '报告', '请示', '关于', '办法', '规定', '方案'];

const OPENING_BRACKETS = new Set([...'《“（「【〔']);
const CLOSING_BRACKETS = new Set([...'》”）」】〕']);

/** Unbreakable pieces of the title, in order. */
export function titleWords(title: string): string[] {
  const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
  const words: string[] = [];
  for (const { segment } of segmenter.segment(title)) {
    const last = words[words.length - 1];
    const glue =
      last !== undefined &&
      (kinsoku.NO_START.has(segment[0]) || kinsoku.NO_END.has(last[last.length - 1]) || GLUED_WORDS.includes(last.slice(-1) + segment[0]));
    if (glue) words[words.length - 1] = last + segment;
    else words.push(segment);
  }
  return words;
}

export interface TitleBreakOptions {
  maxWidth: number;
  /** Width of a string at the title size. */
  measure: (text: string) => number;
  /** Em size, to express the cost in characters. */
  size: number;
}

export function breakTitle(title: string, opts: TitleBreakOptions): string[] {
  const words = titleWords(title.trim());
  const widths = words.map((w) => opts.measure(w));
  const total = widths.reduce((a, b) => a + b, 0);
  if (total <= opts.maxWidth) return [words.join('')];
  const depth = (prefix: number) => bracketDepth(words.slice(0, prefix).join(''));

  let best: { cost: number; cuts: number[] } | undefined;
  const minLines = Math.ceil(total / opts.maxWidth);
  if (minLines > 4) return greedy(words, widths, opts.maxWidth); // no one reads a title that long
  for (let lines = minLines; lines <= minLines + 1 && lines <= words.length; lines++) {
    forEachPartition(words.length, lines, (cuts) => {
      const lineWidths: number[] = [];
      for (let k = 0; k < lines; k++) {
        let w = 0;
        for (let j = k === 0 ? 0 : cuts[k - 1]; j < (k === lines - 1 ? words.length : cuts[k]); j++) w += widths[j];
        if (w > opts.maxWidth) return;
        lineWidths.push(w / opts.size);
      }
      if (!wellShaped(lineWidths)) return;
      const mean = lineWidths.reduce((a, b) => a + b, 0) / lines;
      let cost = lineWidths.reduce((a, w) => a + (w - mean) ** 2, 0);
      cost += cuts.filter((c) => depth(c) > 0).length * 24; // keep 《书名》 and quotations whole
      cost += (lines - minLines) * 40;
      if (!best || cost < best.cost) best = { cost, cuts: [...cuts] };
    });
  }
  if (!best) return greedy(words, widths, opts.maxWidth);
  const out: string[] = [];
  let start = 0;
  for (const cut of [...best.cuts, words.length]) {
    out.push(words.slice(start, cut).join(''));
    start = cut;
  }
  return out;
}

/** Non-decreasing (正梯形), non-increasing (倒梯形) or one peak (菱形). Widths in characters. */
export function wellShaped(widths: number[]): boolean {
  const tolerance = 0.6; // half a character counts as equal
  let i = 1;
  while (i < widths.length && widths[i] >= widths[i - 1] - tolerance) i++;
  while (i < widths.length && widths[i] <= widths[i - 1] + tolerance) i++;
  return i === widths.length;
}

function bracketDepth(text: string): number {
  let depth = 0;
  for (const ch of text) {
    if (OPENING_BRACKETS.has(ch)) depth++;
    else if (CLOSING_BRACKETS.has(ch)) depth = Math.max(0, depth - 1);
  }
  return depth;
}

/** Calls `visit` with every choice of `lines - 1` cut positions among `count` words. */
function forEachPartition(count: number, lines: number, visit: (cuts: number[]) => void): void {
  const cuts: number[] = [];
  const rec = (from: number) => {
    if (cuts.length === lines - 1) return visit(cuts);
    for (let c = from; c <= count - (lines - 1 - cuts.length); c++) {
      cuts.push(c);
      rec(c + 1);
      cuts.pop();
    }
  };
  rec(1);
}

function greedy(words: string[], widths: number[], maxWidth: number): string[] {
  const out: string[] = [];
  let line = '';
  let w = 0;
  words.forEach((word, i) => {
    if (line && w + widths[i] > maxWidth) {
      out.push(line);
      line = '';
      w = 0;
    }
    line += word;
    w += widths[i];
  });
  if (line) out.push(line);
  return out;
}
