import { describe, expect, it } from 'vitest';
import { documentGrams, normaliseSearchText, queryGrams } from './search-grams';

const matches = (doc: string, q: string) => {
  const have = new Set(documentGrams(normaliseSearchText(doc)));
  const { terms, grams } = queryGrams(q);
  const text = normaliseSearchText(doc);
  return grams.every((g) => have.has(g)) && terms.every((t) => text.includes(t));
};

describe('search grams', () => {
  it('finds Chinese substrings of any length without segmentation', () => {
    const doc = '关于印发《2026年数字政府建设工作要点》的通知';
    for (const q of ['数字政府', '政', '建设工作要点', '2026年', '印发 通知']) expect(matches(doc, q), q).toBe(true);
    for (const q of ['政府数字', '数字 政务', '2027']) expect(matches(doc, q), q).toBe(false);
  });

  it('finds Latin words, addresses and numbers by 3-grams and short prefixes', () => {
    const doc = 'From zhangwei@fgw.example.gov.cn, report v2 attached';
    for (const q of ['zhangwei', 'wei@fgw', 'example.gov', 'REPORT', 'v2', 'rep']) expect(matches(doc, q), q).toBe(true);
    expect(matches(doc, 'lisi')).toBe(false);
  });

  it('normalises full-width characters and case', () => {
    expect(normaliseSearchText('ＡＢＣ　１２３')).toBe('abc 123');
    expect(matches('ABC123号文件', 'abc123')).toBe(true);
  });

  it('keys are int4', () => {
    for (const g of documentGrams('政务邮件 mail 2026')) expect(Number.isInteger(g) && g >= -(2 ** 31) && g < 2 ** 31).toBe(true);
  });
});
