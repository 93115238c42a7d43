/**
 * Lays out an official document per GB/T 9704-2012 and writes it as a PDF: 版头 (份号, 紧急程度,
 * red 发文机关标志, 发文字号 / 签发人, red line), 主体 (标题, 主送, 正文, 附件说明, 署名, 日期, room
 * for the seal, 附注), 版记 on the last page, page numbers. The seal itself is drawn at sealing
 * time (seal/draw-agency-seal.ts) at the returned placement.
 */
import { PDFDocument } from 'pdf-lib';
import { lineCommands, writePages, type CharStyle, type Cmd, type TextCmd } from './display-list';
import { paginate, type FlowItem } from './flow';
import { loadFontSet, type FontSet } from './fonts';
import type { BodyBlock, OfficialDocumentContent, RenderOptions, RenderedDocument, SealPlacement } from './official-document';
import { BLACK, CHAR_PITCH, LINE_PITCH as P, PAGE_HEIGHT, PAGE_WIDTH, RED, SIZE, TYPE_AREA as T, baselineInLine, mm, type Rgb } from './page-geometry';
import { breakParagraph, layoutChars, paragraphItems, paragraphLineCommands, tableItems, type ParagraphSpec, type TextRun } from './text-blocks';
import { breakTitle } from './title-lines';

/** Character spacing that puts 28 characters of 3号 on the 156 mm line. */
const BODY_SPACING = CHAR_PITCH - SIZE.san;
const INDENT = 2 * CHAR_PITCH;
/** The 发文机关标志: at most 22 × 15 mm per character (GB/T 9704-1999), and at most 150 mm wide. */
const MARK_SIZE = mm(20);
const MARK_MAX_CHAR_WIDTH = mm(15);
const MARK_MAX_WIDTH = mm(150);
const RED_LINE_WIDTH = 1.5;
const FOOTER_THICK = mm(0.35);
const FOOTER_THIN = mm(0.25);
const FOOTER_ROW = P;
export const DEFAULT_SEAL_DIAMETER_MM = 42;
/** The seal's centre sits this far above the middle of the 署名 line (署名 and date below centre). */
const SEAL_LIFT = 0.3 * P;

const body = (bold?: boolean): CharStyle => ({ role: 'fangsong', size: SIZE.san, bold });

export interface DocumentLayout {
  pages: Cmd[][];
  sealPlacement: SealPlacement;
  /** Positions the tests check against the standard. */
  marks: {
    agencyMarkTop: number;
    docNumberBaseline: number;
    redLineY: number;
    titleTops: number[];
    footerPage?: number;
  };
}

export async function renderOfficialDocument(content: OfficialDocumentContent, opts: RenderOptions = {}): Promise<RenderedDocument> {
  const { doc, pages, sealPlacement } = await buildOfficialDocument(content, opts);
  // A classic cross-reference table: signatures append incremental updates to it.
  const pdf = await doc.save({ useObjectStreams: false });
  return { pdf, pages, sealPlacement };
}

/** The laid-out document before it is saved, for a caller that adds to it (the seal, a signature). */
export async function buildOfficialDocument(content: OfficialDocumentContent, opts: RenderOptions = {}): Promise<Omit<RenderedDocument, 'pdf'> & { doc: PDFDocument }> {
  const fonts = await loadFontSet(opts.fonts);
  const layout = layoutOfficialDocument(content, fonts, opts);
  const doc = await PDFDocument.create();
  doc.setTitle(content.title);
  doc.setAuthor(content.signatureName);
  doc.setSubject(content.docNumber);
  doc.setCreator('驿站 Yizhan');
  doc.setProducer('驿站 Yizhan (pdf-lib)');
  doc.setLanguage('zh-CN');
  await writePages(doc, layout.pages, fonts, [PAGE_WIDTH, PAGE_HEIGHT]);
  return { doc, pages: layout.pages.length, sealPlacement: layout.sealPlacement };
}

export function layoutOfficialDocument(content: OfficialDocumentContent, fonts: FontSet, opts: RenderOptions = {}): DocumentLayout {
  const header = layoutHeader(content, fonts);
  const sealDiameter = mm(opts.sealDiameterMm ?? DEFAULT_SEAL_DIAMETER_MM);

  const items: FlowItem[] = [];
  const titleTops: number[] = [];
  const titleLines = breakTitle(content.title, {
    maxWidth: T.width,
    size: SIZE.er,
    measure: (text) => fonts.width('xiaobiaosong', text, SIZE.er),
  });
  for (const line of titleLines) {
    const spec: ParagraphSpec = {
      runs: [{ text: line, style: { role: 'xiaobiaosong', size: SIZE.er } }],
      x: T.left,
      width: T.width,
      spacing: 0,
      pitch: P,
      align: 'center',
    };
    const [broken] = breakParagraph(fonts, { ...spec, width: Number.MAX_SAFE_INTEGER / 4 });
    items.push({
      height: P,
      keepWithPrev: titleLines.length > 1 && line !== titleLines[0],
      draw: (top) => {
        titleTops.push(top);
        return paragraphLineCommands(broken, 0, top, spec);
      },
    });
  }
  items.push(blank());
  if (content.mainRecipients.length) {
    const runs = [{ text: `${content.mainRecipients.join('、')}：`, style: body() }];
    items.push(...paragraphItems(fonts, { runs, x: T.left, width: T.width, spacing: BODY_SPACING, pitch: P }));
  }
  items.push(...bodyBlocks(content.body, fonts));
  if (content.attachments.length) {
    items.push(blank());
    const attach = attachmentItems(content.attachments, fonts);
    for (const item of attach) item.keepWithPrev = true;
    items.push(...attach);
  }
  let signatureTop = 0;
  const signature = signatureBlock(content, fonts, sealDiameter);
  items.push({
    height: signature.height,
    keepWithPrev: true,
    tag: 'signature',
    draw: (top) => {
      signatureTop = top;
      return signature.draw(top);
    },
  });

  const placed = paginate(items, { firstTop: header.flowTop, top: T.top, bottom: T.bottom });
  const pages: Cmd[][] = placed.map((page) => page.flatMap(({ item, top }) => item.draw(top)));
  pages[0].unshift(...header.cmds);
  const sealPage = placed.findIndex((page) => page.some((p) => p.item.tag === 'signature'));
  const sealPlacement: SealPlacement = { page: sealPage, ...signature.seal(signatureTop), diameter: sealDiameter };

  // 版记 at the foot of the last page, or alone on a page of its own.
  const footer = footerLayout(content, fonts);
  const last = placed[placed.length - 1];
  const lastBottom = Math.min(...last.map((p) => p.top - p.item.height));
  let footerPage: number | undefined;
  if (footer.height > 0) {
    if (lastBottom - footer.height >= T.bottom - 0.01) {
      footerPage = pages.length - 1;
      pages[footerPage].push(...footer.cmds);
    } else {
      footerPage = pages.length;
      pages.push(footer.cmds);
    }
  }

  pages.forEach((cmds, i) => {
    const onlyFooter = i === footerPage && i >= placed.length;
    if (!onlyFooter) cmds.push(...pageNumber(i + 1, fonts));
  });

  return {
    pages,
    sealPlacement,
    marks: {
      agencyMarkTop: header.markTop,
      docNumberBaseline: header.docNumberBaseline,
      redLineY: header.redLineY,
      titleTops,
      footerPage,
    },
  };
}

function blank(): FlowItem {
  return { height: P, blank: true, draw: () => [] };
}

function bodyBlocks(blocks: BodyBlock[], fonts: FontSet): FlowItem[] {
  const items: FlowItem[] = [];
  let keepNext = false;
  const add = (more: FlowItem[], keepWithNext = false) => {
    if (more.length && keepNext) more[0].keepWithPrev = true;
    items.push(...more);
    keepNext = keepWithNext;
  };
  const para = (runs: TextRun[]) => paragraphItems(fonts, { runs, x: T.left, width: T.width, firstIndent: INDENT, spacing: BODY_SPACING, pitch: P });

  for (const block of blocks) {
    switch (block.type) {
      case 'paragraph':
        add(para(block.runs.map((r) => ({ text: r.text, style: body(r.bold) }))));
        break;
      case 'heading': {
        const role = block.level === 1 ? 'heiti' : block.level === 2 ? 'kaiti' : 'fangsong';
        add(para([{ text: block.text, style: { role, size: SIZE.san } }]), true);
        break;
      }
      case 'list':
        block.items.forEach((text, i) => {
          const bullet = block.ordered ? `${i + 1}.` : fonts.faces.fangsong.has(0x2022) ? '• ' : '· ';
          add(para([{ text: bullet + text, style: body() }]));
        });
        break;
      case 'table':
        add(
          tableItems(fonts, {
            rows: block.rows,
            header: block.header ?? false,
            x: T.left,
            width: T.width,
            size: SIZE.si,
            lineHeight: SIZE.si * 1.45,
            body: 'fangsong',
            head: 'heiti',
          }),
        );
        break;
    }
  }
  return items;
}

/** 附件：1. 名称 — numbers aligned, wrapped names aligned with their first character. */
function attachmentItems(names: string[], fonts: FontSet): FlowItem[] {
  const label = '附件：';
  const labelWidth = layoutChars(fonts, [{ text: label, style: body() }], BODY_SPACING).reduce((a, c) => a + c.width, 0);
  const items: FlowItem[] = [];
  names.forEach((name, i) => {
    const number = names.length > 1 ? `${i + 1}. ` : '';
    const numberWidth = layoutChars(fonts, [{ text: number, style: body() }], BODY_SPACING).reduce((a, c) => a + c.width, 0);
    const lead = i === 0 ? label + number : number;
    const spec: ParagraphSpec = {
      runs: [{ text: lead + name.trim(), style: body() }],
      x: T.left,
      width: T.width,
      firstIndent: INDENT + (i === 0 ? 0 : labelWidth),
      restIndent: INDENT + labelWidth + numberWidth,
      spacing: BODY_SPACING,
      pitch: P,
    };
    breakParagraph(fonts, spec).forEach((line, li) => items.push({ height: P, draw: (top) => paragraphLineCommands(line, li, top, spec) }));
  });
  return items;
}

/**
 * 署名 centred over the 成文日期, the date four characters in from the right, blank lines above so
 * the seal's top lands within one line below the 正文, 附注 below the date.
 */
function signatureBlock(content: OfficialDocumentContent, fonts: FontSet, sealDiameter: number) {
  const radius = sealDiameter / 2;
  const blankLines = Math.max(1, Math.ceil((radius + SEAL_LIFT - P / 2) / P));
  const dateWidth = textWidth(fonts, content.date, body());
  const dateRight = T.right - 4 * CHAR_PITCH;
  const centerX = dateRight - dateWidth / 2;
  const nameWidth = textWidth(fonts, content.signatureName, body());
  const nameX = Math.min(Math.max(centerX - nameWidth / 2, T.left), T.right - nameWidth);
  const noteSpec: ParagraphSpec | undefined = content.note
    ? { runs: [{ text: `（${content.note.trim()}）`, style: body() }], x: T.left, width: T.width, firstIndent: INDENT, spacing: BODY_SPACING, pitch: P }
    : undefined;
  const noteLines = noteSpec ? breakParagraph(fonts, noteSpec) : [];
  const sealCenterBelowTop = (blankLines + 0.5) * P - SEAL_LIFT;
  const height = Math.max((blankLines + 2 + noteLines.length) * P, sealCenterBelowTop + radius);

  return {
    height,
    seal: (top: number) => ({ centerX, centerY: top - sealCenterBelowTop }),
    draw: (top: number): Cmd[] => {
      const nameTop = top - blankLines * P;
      const cmds: Cmd[] = [
        ...textCmds(content.signatureName, nameX, baselineInLine(nameTop, SIZE.san), fonts, body()),
        ...textCmds(content.date, dateRight - dateWidth, baselineInLine(nameTop - P, SIZE.san), fonts, body()),
      ];
      noteLines.forEach((line, i) => cmds.push(...paragraphLineCommands(line, i, nameTop - (2 + i) * P, noteSpec!)));
      return cmds;
    },
  };
}

function layoutHeader(content: OfficialDocumentContent, fonts: FontSet) {
  const cmds: Cmd[] = [];
  let line = 0;
  if (content.copyNumber) {
    cmds.push(...textCmds(content.copyNumber, T.left, baselineInLine(T.top, SIZE.san), fonts, body()));
    line++;
  }
  if (content.urgency !== '普通') {
    cmds.push(...textCmds(content.urgency, T.left, baselineInLine(T.top - line * P, SIZE.san), fonts, { role: 'heiti', size: SIZE.san }));
  }

  // 发文机关标志: red, centred, top edge 35 mm (上行文 80 mm) below the top of the type area.
  const markText = `${content.agencyMark.trim()}文件`;
  const markTop = T.top - mm(content.upward ? 80 : 35);
  const face = fonts.faces.xiaobiaosong;
  const natural = textWidth(fonts, markText, { role: 'xiaobiaosong', size: MARK_SIZE });
  const scaleX = Math.min(MARK_MAX_CHAR_WIDTH / MARK_SIZE, MARK_MAX_WIDTH / natural);
  let inkTop = 0;
  let inkBottom = 0;
  for (const ch of markText) {
    const ink = face.inkY(ch.codePointAt(0)!);
    inkTop = Math.max(inkTop, ink.maxY);
    inkBottom = Math.min(inkBottom, ink.minY);
  }
  const markBaseline = markTop - inkTop * MARK_SIZE;
  const markWidth = natural * scaleX;
  const markX = (T.left + T.right) / 2 - markWidth / 2;
  for (const run of textCmds(markText, markX, markBaseline, fonts, { role: 'xiaobiaosong', size: MARK_SIZE }, RED)) {
    cmds.push({ ...run, x: markX + (run.x - markX) * scaleX, width: run.width * scaleX, scaleX });
  }
  const markBottom = markBaseline + inkBottom * MARK_SIZE;

  // 发文字号 two blank lines below the 标志; for 上行文 left, with the 签发人 on the right.
  let docLineTop = markBottom - 2 * P;
  if (content.upward?.signers.length) {
    const signerLines = signerCommands(content.upward.signers, markBottom - 2 * P, fonts);
    cmds.push(...signerLines.cmds);
    docLineTop = signerLines.lastLineTop;
  }
  const docBaseline = baselineInLine(docLineTop, SIZE.san);
  const docWidth = textWidth(fonts, content.docNumber, body());
  const docX = content.upward ? T.left + CHAR_PITCH : (T.left + T.right) / 2 - docWidth / 2;
  cmds.push(...textCmds(content.docNumber, docX, docBaseline, fonts, body()));

  // Red separator 4 mm below the 发文字号 (below the ink of its characters).
  const redLineY = docBaseline - 0.09 * SIZE.san - mm(4);
  cmds.push({ kind: 'rule', x1: T.left, y1: redLineY, x2: T.right, y2: redLineY, width: RED_LINE_WIDTH, color: RED });

  return { cmds, markTop, docNumberBaseline: docBaseline, redLineY, flowTop: redLineY - 2 * P };
}

/** 签发人：name name — two names a line, the last line shared with the 发文字号. */
function signerCommands(signers: string[], firstTop: number, fonts: FontSet) {
  const label = '签发人：';
  const rows: string[][] = [];
  for (let i = 0; i < signers.length; i += 2) rows.push(signers.slice(i, i + 2));
  const kai: CharStyle = { role: 'kaiti', size: SIZE.san };
  const gap = CHAR_PITCH;
  const rowWidth = (row: string[]) => row.reduce((a, n) => a + textWidth(fonts, n, kai), 0) + gap * (row.length - 1);
  const namesWidth = Math.max(...rows.map(rowWidth));
  const namesX = T.right - CHAR_PITCH - namesWidth;
  const labelWidth = textWidth(fonts, label, body());
  const cmds: Cmd[] = [];
  rows.forEach((row, r) => {
    const y = baselineInLine(firstTop - r * P, SIZE.san);
    if (r === 0) cmds.push(...textCmds(label, namesX - labelWidth, y, fonts, body()));
    let x = namesX;
    for (const name of row) {
      cmds.push(...textCmds(name, x, y, fonts, kai));
      x += textWidth(fonts, name, kai) + gap;
    }
  });
  return { cmds, lastLineTop: firstTop - (rows.length - 1) * P };
}

/** 版记: 抄送 and 印发 rows between thick outer and thin inner rules, on the last line of the page. */
function footerLayout(content: OfficialDocumentContent, fonts: FontSet): { height: number; cmds: Cmd[] } {
  const size = SIZE.si;
  const style: CharStyle = { role: 'fangsong', size };
  const side = size; // one character in from each side
  const ccSpec: ParagraphSpec | undefined = content.ccRecipients.length
    ? {
        runs: [{ text: `抄送：${content.ccRecipients.join('，')}。`, style }],
        x: T.left + side,
        width: T.width - 2 * side,
        restIndent: textWidth(fonts, '抄送：', style),
        spacing: 0,
        pitch: FOOTER_ROW,
      }
    : undefined;
  const ccLines = ccSpec ? breakParagraph(fonts, ccSpec) : [];
  const rows = ccLines.length + 1;
  const height = rows * FOOTER_ROW;
  const top = T.bottom + height;
  const cmds: Cmd[] = [];
  const rule = (y: number, width: number): Cmd => ({ kind: 'rule', x1: T.left, y1: y, x2: T.right, y2: y, width, color: BLACK });
  cmds.push(rule(top - FOOTER_THICK / 2, FOOTER_THICK));
  ccLines.forEach((line, i) => cmds.push(...paragraphLineCommands(line, i, top - i * FOOTER_ROW, ccSpec!)));
  if (ccLines.length) cmds.push(rule(T.bottom + FOOTER_ROW, FOOTER_THIN));
  const printBaseline = baselineInLine(T.bottom + FOOTER_ROW, size, FOOTER_ROW);
  cmds.push(...textCmds(content.printingAgency, T.left + side, printBaseline, fonts, style));
  const printed = `${content.printingDate}印发`;
  cmds.push(...textCmds(printed, T.right - side - textWidth(fonts, printed, style), printBaseline, fonts, style));
  cmds.push(rule(T.bottom + FOOTER_THICK / 2, FOOTER_THICK));
  return { height, cmds };
}

/** — 1 —, 4号 Song, 7 mm below the type area; odd pages right, even pages left, one character in. */
function pageNumber(n: number, fonts: FontSet): TextCmd[] {
  const style: CharStyle = { role: 'songti', size: SIZE.si };
  const text = `— ${n} —`;
  const dash = fonts.faces[fonts.roleFor('songti', 0x2014)].inkY(0x2014);
  const y = T.bottom - mm(7) - ((dash.minY + dash.maxY) / 2) * SIZE.si;
  const width = textWidth(fonts, text, style);
  const x = n % 2 === 1 ? T.right - SIZE.si - width : T.left + SIZE.si;
  return textCmds(text, x, y, fonts, style);
}

/** Visible width of a one-line text (the trailing character spacing does not count). */
function textWidth(fonts: FontSet, text: string, style: CharStyle): number {
  const chars = layoutChars(fonts, [{ text, style }], spacingFor(style));
  return chars.reduce((a, c) => a + c.width, 0) - (chars.length ? spacingFor(style) : 0);
}

function spacingFor(style: CharStyle): number {
  return style.size === SIZE.san && style.role !== 'xiaobiaosong' ? BODY_SPACING : 0;
}

/** One line of text from `x` on the baseline `y`, split into runs where a glyph needs another face. */
function textCmds(text: string, x: number, y: number, fonts: FontSet, style: CharStyle, color: Rgb = BLACK): TextCmd[] {
  const chars = layoutChars(fonts, [{ text, style }], spacingFor(style));
  const width = chars.reduce((a, c) => a + c.width, 0);
  return lineCommands({ chars, width, last: true }, { x, y, spacing: spacingFor(style), color });
}
