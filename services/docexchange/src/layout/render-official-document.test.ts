import { describe, expect, it, beforeAll } from 'vitest';
import type { TextCmd, RuleCmd } from './display-list';
import { loadFontSet, type FontSet } from './fonts';
import type { OfficialDocumentContent } from './official-document';
import { CHAR_PITCH, LINE_PITCH, SIZE, TYPE_AREA as T, baselineInLine, mm } from './page-geometry';
import { layoutOfficialDocument, renderOfficialDocument } from './render-official-document';
import { SAMPLE_TITLE, sampleNotice } from './sample-document';

let fonts: FontSet;
beforeAll(async () => {
  fonts = await loadFontSet();
});

const texts = (cmds: unknown[]) => cmds.filter((c): c is TextCmd => (c as TextCmd).kind === 'text');
const rules = (cmds: unknown[]) => cmds.filter((c): c is RuleCmd => (c as RuleCmd).kind === 'rule');
const isPageNumber = (c: TextCmd) => /^— \d+ —$/.test(c.text);
const close = (a: number, b: number, tolerance = 0.05) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tolerance);
const filler = (lines: number) =>
  Array.from({ length: lines }, (_, i) => ({
    type: 'paragraph' as const,
    runs: [{ text: `测试正文第${i + 1}段，用于检验分页和印章位置，这一段的长度正好超过一行。` }],
  }));

describe('layout per GB/T 9704', () => {
  it('puts the red 标志 35 mm below the type area, the 发文字号 below it and the red line 4 mm under the 发文字号', () => {
    const layout = layoutOfficialDocument(sampleNotice(), fonts);
    const page1 = layout.pages[0];
    close(layout.marks.agencyMarkTop, T.top - mm(35));
    const mark = texts(page1).filter((c) => c.color.r > 0.5 && c.color.g === 0);
    expect(mark.map((c) => c.text).join('')).toBe('示范市人民政府文件');
    const markLeft = mark[0].x;
    const markRight = mark[mark.length - 1].x + mark[mark.length - 1].width;
    close((markLeft + markRight) / 2, (T.left + T.right) / 2, 0.5);
    expect(markRight - markLeft).toBeLessThanOrEqual(T.width);

    const number = texts(page1).find((c) => c.text.includes('〔2026〕'))!;
    close(number.x + number.width / 2, (T.left + T.right) / 2, 0.5);
    const red = rules(page1).find((r) => r.color.r > 0.5)!;
    close(red.x1, T.left);
    close(red.x2, T.right);
    close(number.y - 0.09 * SIZE.san - red.y1, mm(4));
    // 份号 and 紧急程度 top left, on the first two lines.
    const copy = texts(page1).find((c) => c.text === '000128')!;
    const urgency = texts(page1).find((c) => c.text === '加急')!;
    close(copy.x, T.left);
    close(copy.y, baselineInLine(T.top, SIZE.san));
    close(urgency.y, baselineInLine(T.top - LINE_PITCH, SIZE.san));
    expect(urgency.role).toBe('heiti');
  });

  it('centres the title two lines under the red line, 主送 one line below it', () => {
    const layout = layoutOfficialDocument(sampleNotice(), fonts);
    const page1 = texts(layout.pages[0]);
    const title = page1.filter((c) => c.size === SIZE.er);
    expect(title.map((c) => c.text).join('')).toBe(SAMPLE_TITLE);
    expect(new Set(title.map((c) => c.y)).size).toBe(2);
    close(layout.marks.titleTops[0], layout.marks.redLineY - 2 * LINE_PITCH);
    for (const y of new Set(title.map((c) => c.y))) {
      const line = title.filter((c) => c.y === y);
      const left = line[0].x;
      const right = line[line.length - 1].x + line[line.length - 1].width;
      close((left + right) / 2, (T.left + T.right) / 2, 0.5);
    }
    const recipients = page1.find((c) => c.text.startsWith('各县'))!;
    close(recipients.x, T.left);
    close(recipients.y, baselineInLine(layout.marks.titleTops[1] - 2 * LINE_PITCH, SIZE.san));
    const lastLine = page1.filter((c) => c.y === page1.find((x) => x.text.includes('管委会'))!.y);
    expect(lastLine.map((c) => c.text).join('')).toMatch(/：$/);
  });

  it('sets full pages in 22 lines of 28 characters, paragraphs indented two characters', () => {
    const layout = layoutOfficialDocument(sampleNotice({ body: filler(80) }), fonts);
    const page2 = texts(layout.pages[1]).filter((c) => !isPageNumber(c));
    const baselines = [...new Set(page2.map((c) => c.y))].sort((a, b) => b - a);
    expect(baselines).toHaveLength(22);
    close(baselines[0], baselineInLine(T.top, SIZE.san));
    baselines.forEach((y, i) => close(y, baselines[0] - i * LINE_PITCH));
    // A justified line spans the type area; a full Chinese line holds 28 characters.
    const firstLineY = page2.find((c) => Math.abs(c.x - (T.left + 2 * CHAR_PITCH)) < 0.01)!.y;
    const full = page2.filter((c) => c.y === firstLineY);
    const right = full[full.length - 1].x + full[full.length - 1].width - full[full.length - 1].spacing;
    close(right, T.right, 0.5);
    const chineseLine = layoutOfficialDocument(sampleNotice({ body: [{ type: 'paragraph', runs: [{ text: '字'.repeat(60) }] }] }), fonts);
    const lines = chineseLine.pages.flatMap((p) => texts(p)).filter((c) => c.text.startsWith('字'));
    expect(lines.map((c) => [...c.text].length)).toEqual([26, 28, 6]);
    close(lines[0].x, T.left + 2 * CHAR_PITCH);
    close(lines[1].x, T.left);
  });

  it('draws headings in 黑体, 楷体 and 仿宋 by level', () => {
    const layout = layoutOfficialDocument(sampleNotice(), fonts);
    const all = layout.pages.flatMap((p) => texts(p));
    expect(all.find((c) => c.text.startsWith('一、总体要求'))!.role).toBe('heiti');
    expect(all.find((c) => c.text.startsWith('（一）夯实'))!.role).toBe('kaiti');
    expect(all.find((c) => c.text.startsWith('1.统一'))!.role).toBe('fangsong');
    expect(all.find((c) => c.text.startsWith('（1）电子印章'))!.role).toBe('fangsong');
    expect(all.find((c) => c.text.startsWith('以“一网通办'))!.bold).toBe(true);
  });

  it('places 署名, date and seal per the rules, with 正文 on the seal page for every body length', () => {
    for (let n = 0; n <= 46; n++) {
      const content: OfficialDocumentContent = sampleNotice({ body: filler(n), attachments: n % 2 ? ['附件一', '附件二'] : [] });
      const layout = layoutOfficialDocument(content, fonts);
      const { page, centerX, centerY, diameter } = layout.sealPlacement;
      close(diameter, mm(42));
      const cmds = texts(layout.pages[page]).filter((c) => !isPageNumber(c));
      const date = cmds.find((c) => c.text === content.date)!;
      const name = cmds.find((c) => c.text === content.signatureName && c.y > date.y)!;
      close(date.x + date.width, T.right - 4 * CHAR_PITCH, 0.5);
      close(name.x + name.width / 2, date.x + date.width / 2, 0.5);
      close(centerX, date.x + date.width / 2, 0.5);
      // 署名 and date slightly below the seal's centre, inside the seal.
      expect(name.y).toBeLessThan(centerY);
      expect(Math.abs(centerY - (name.y + 0.82 * SIZE.san))).toBeLessThan(0.15 * LINE_PITCH);
      expect(date.y - 0.09 * SIZE.san).toBeGreaterThan(centerY - diameter / 2);
      // The seal's top within one line below the text above it, never over it.
      const sealTop = centerY + diameter / 2;
      const above = cmds.filter((c) => c.y > sealTop && c.size === SIZE.san);
      const lowest = Math.min(...above.map((c) => c.y - 0.09 * SIZE.san));
      expect(lowest, `n=${n}`).toBeGreaterThan(sealTop);
      expect(lowest - sealTop).toBeLessThanOrEqual(LINE_PITCH);
      // Some 正文 on the seal's page (page 1 always has the 主送 and the title).
      const bodyText = content.body.map((b) => (b.type === 'paragraph' ? b.runs.map((r) => r.text).join('') : '')).join('');
      if (page > 0 && n > 0)
        expect(
          cmds.some((c) => c.text.length >= 3 && bodyText.includes(c.text)),
          `n=${n}: ${cmds.map((c) => c.text).join('|')}`,
        ).toBe(true);
      expect(centerY - diameter / 2).toBeGreaterThanOrEqual(T.bottom - 0.01);
    }
  });

  it('puts the 版记 on the last lines of the last page, alone on a page without number when needed', () => {
    let sawOwnPage = false;
    for (let n = 0; n <= 30; n++) {
      const layout = layoutOfficialDocument(sampleNotice({ body: filler(n) }), fonts);
      const last = layout.pages.length - 1;
      expect(layout.marks.footerPage).toBe(last);
      const footerRules = rules(layout.pages[last]).filter((r) => r.color.r === 0 && r.y1 === r.y2 && r.x2 - r.x1 > T.width - 1);
      expect(footerRules.map((r) => Math.round(r.width * 100) / 100)).toEqual([0.99, 0.71, 0.99]);
      close(Math.min(...footerRules.map((r) => r.y1 - r.width / 2)), T.bottom, 0.01);
      const printed = texts(layout.pages[last]).find((c) => c.text.endsWith('印发'))!;
      close(printed.x + printed.width, T.right - SIZE.si, 0.5);
      const numbers = layout.pages.map((p) => texts(p).some(isPageNumber));
      if (layout.sealPlacement.page < last) {
        sawOwnPage = true;
        expect(numbers).toEqual(layout.pages.map((_, i) => i !== last));
      } else {
        expect(numbers.every(Boolean)).toBe(true);
      }
    }
    expect(sawOwnPage).toBe(true);
  });

  it('numbers pages — n — 7 mm below the type area, odd right, even left', () => {
    const layout = layoutOfficialDocument(sampleNotice(), fonts);
    const [one, two] = layout.pages.map((p) => texts(p).find(isPageNumber)!);
    expect(one.text).toBe('— 1 —');
    close(one.x + one.width, T.right - SIZE.si, 0.5);
    close(two.x, T.left + SIZE.si);
    expect(one.role).toBe('songti');
    // The dashes' middle sits 7 mm under the type area.
    const dash = fonts.faces.songti.inkY(0x2014);
    close(one.y + ((dash.minY + dash.maxY) / 2) * SIZE.si, T.bottom - mm(7));
  });

  it('lays out a 上行文 with the 标志 at 80 mm and 签发人 on the right', () => {
    const layout = layoutOfficialDocument(sampleNotice({ upward: { signers: ['张三', '李四', '王五'] } }), fonts);
    close(layout.marks.agencyMarkTop, T.top - mm(80));
    const page1 = texts(layout.pages[0]);
    const number = page1.find((c) => c.text.includes('〔2026〕'))!;
    close(number.x, T.left + CHAR_PITCH);
    const label = page1.find((c) => c.text === '签发人：')!;
    const zhang = page1.find((c) => c.text === '张三')!;
    const wang = page1.find((c) => c.text === '王五')!;
    expect(zhang.role).toBe('kaiti');
    close(label.y, zhang.y);
    close(wang.y, number.y);
    close(wang.x, zhang.x);
    const li = page1.find((c) => c.text === '李四')!;
    close(li.x + li.width, T.right - CHAR_PITCH, 0.5);
  });

  it('renders a three-page document quickly and embeds only font subsets', async () => {
    const content = sampleNotice({ body: sampleNotice().body.filter((b) => b.type !== 'table') });
    await renderOfficialDocument(content); // fonts load once per process
    const start = performance.now();
    const result = await renderOfficialDocument(content);
    const ms = performance.now() - start;
    console.info(`render: ${result.pages} pages in ${ms.toFixed(0)} ms, ${result.pdf.length} bytes`);
    expect(result.pages).toBe(3);
    expect(ms).toBeLessThan(1500);
    expect(result.pdf.length).toBeLessThan(250_000);
  });
});

describe('configurable fonts', () => {
  it('uses the font files a site configures, picking the face in a collection by name', async () => {
    const ukai = { path: '/usr/share/fonts/truetype/arphic/ukai.ttc', face: 'AR PL UKai CN' };
    const result = await renderOfficialDocument(sampleNotice({ body: [] }), { fonts: { fangsong: ukai, songti: ukai } });
    const text = Buffer.from(result.pdf).toString('latin1');
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+UKaiCN/);
    expect(text).not.toMatch(/UMingCN/);
  });

  it('says which faces a collection has when the configured one is missing', async () => {
    await expect(loadFontSet({ heiti: { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', face: 'No Such Hei' } })).rejects.toThrow(
      /has no face "No Such Hei".*WenQuanYi Micro Hei/,
    );
  });
});
