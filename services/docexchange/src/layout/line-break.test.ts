import { describe, expect, it } from 'vitest';
import { atoms, breakLines, kinsoku, type LayoutChar } from './line-break';

/** Full-width CJK = 1, Latin/digits = 0.5, like the fonts at 1 pt. */
const chars = (text: string): LayoutChar<null>[] => [...text].map((ch) => ({ ch, width: ch.codePointAt(0)! < 0x2e80 ? 0.5 : 1, style: null }));
const lines = (text: string, width: number, firstIndent = 0) =>
  breakLines(chars(text), { lineWidth: (i) => width - (i === 0 ? firstIndent : 0) }).map((l) => l.chars.map((c) => c.ch).join(''));

describe('breakLines', () => {
  it('breaks Chinese text between any two characters', () => {
    expect(lines('一二三四五六七八九十', 4)).toEqual(['一二三四', '五六七八', '九十']);
  });

  it('never starts a line with closing punctuation: the character before moves down or the mark is squeezed', () => {
    expect(lines('一二三，四五六七', 3)).toEqual(['一二', '三，四', '五六七']);
    // With half a character to spare, the comma squeezes in by half its width.
    expect(lines('a一二，三', 3)).toEqual(['a一二，', '三']);
    // Two closing marks cannot both squeeze: the last character goes down with them.
    expect(lines('一二三》。四五', 3)).toEqual(['一二', '三》。', '四五']);
  });

  it('never ends a line with opening punctuation', () => {
    expect(lines('一二《三四》五六', 3)).toEqual(['一二', '《三', '四》五', '六']);
    expect(lines('一二“三四”', 3)).toEqual(['一二', '“三四”']);
  });

  it('keeps Latin words and numbers whole, breaks at their spaces', () => {
    expect(lines('带宽提升至10Gbps和1Gbps', 7)).toEqual(['带宽提升至', '10Gbps和1Gbps']);
    expect(lines('see www.gov.cn now', 5)).toEqual(['see', 'www.gov.cn', 'now']);
    expect(lines('达到98%以上', 4)).toEqual(['达到98%', '以上']);
  });

  it('keeps —— and …… together', () => {
    const out = lines('一二三——四五', 4);
    expect(out.every((l) => !l.startsWith('—'))).toBe(true);
    expect(out.join('|')).not.toMatch(/—\|—/);
  });

  it('breaks a word longer than a line anywhere rather than overflow', () => {
    expect(lines('abcdefghij', 2)).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('honours a first-line indent and marks the last line', () => {
    const out = breakLines(chars('一二三四五六七八'), { lineWidth: (i) => (i === 0 ? 3 : 5) });
    expect(out.map((l) => l.chars.length)).toEqual([3, 5]);
    expect(out.map((l) => l.last)).toEqual([false, true]);
  });

  it('holds on a long real paragraph: widths within the line, kinsoku everywhere', () => {
    const text =
      '加快电子政务外网升级改造，市、县两级网络带宽分别提升至10Gbps和1Gbps，实现乡镇（街道）全覆盖。推进政务云资源统一调度，新建系统原则上全部部署在政务云上，存量系统在2026年10月底前完成迁移。“最多跑一次”事项占比达到90%。';
    for (const width of [7, 11, 17, 28]) {
      const out = breakLines(chars(text), { lineWidth: () => width });
      expect(out.map((l) => l.chars.map((c) => c.ch).join('')).join('')).toBe(text);
      for (const line of out) {
        expect(line.width).toBeLessThanOrEqual(width + 0.5 + 1e-9);
        expect(kinsoku.NO_START.has(line.chars[0].ch)).toBe(false);
        expect(kinsoku.NO_END.has(line.chars[line.chars.length - 1].ch)).toBe(false);
      }
    }
  });

  it('glues punctuation into atoms', () => {
    expect(atoms(chars('（一）要求。')).map((a) => a.map((c) => c.ch).join(''))).toEqual(['（一）', '要', '求。']);
  });
});
