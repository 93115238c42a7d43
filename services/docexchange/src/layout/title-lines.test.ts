import { describe, expect, it } from 'vitest';
import { breakTitle, titleWords, wellShaped } from './title-lines';

const measure = (text: string) => [...text].reduce((w, ch) => w + (ch.codePointAt(0)! < 0x2e80 ? 11 : 22), 0);
const opts = { maxWidth: 442, size: 22, measure };

describe('title lines', () => {
  it('keeps 《书名》 whole and forms a trapezoid', () => {
    const lines = breakTitle('示范市人民政府关于印发《2026年数字政府建设工作要点》的通知', opts);
    expect(lines).toEqual(['示范市人民政府关于印发', '《2026年数字政府建设工作要点》的通知']);
  });

  it('never breaks inside a word', () => {
    const title = '示范市发展和改革委员会 示范市财政局关于进一步加强和改进新时代机关事务管理工作推动高质量发展的实施意见';
    const lines = breakTitle(title.replace(' ', ''), opts);
    const words = titleWords(title.replace(' ', ''));
    const boundaries = new Set<number>();
    let pos = 0;
    for (const w of words) boundaries.add((pos += [...w].length));
    pos = 0;
    for (const line of lines.slice(0, -1)) expect(boundaries.has((pos += [...line].length))).toBe(true);
    expect(lines.join('')).toBe(title.replace(' ', ''));
    expect(lines.length).toBe(3);
    expect(wellShaped(lines.map((l) => measure(l) / 22))).toBe(true);
    for (const line of lines) expect(measure(line)).toBeLessThanOrEqual(442);
  });

  it('keeps 印发, 通知 and the like whole although ICU splits them', () => {
    expect(titleWords('关于印发方案的通知')).toContain('印发');
  });

  it('accepts trapezoids and diamonds, not hourglasses', () => {
    expect(wellShaped([10, 14])).toBe(true);
    expect(wellShaped([14, 10])).toBe(true);
    expect(wellShaped([10, 16, 12])).toBe(true);
    expect(wellShaped([16, 10, 16])).toBe(false);
  });

  it('leaves a short title on one line', () => {
    expect(breakTitle('关于召开全市电子政务工作会议的通知', opts)).toHaveLength(1);
  });
});
