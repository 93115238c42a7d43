/**
 * The 批示 summary (领导批示单) appended to the annotated copy: the document, then every step of the
 * route with each reader's decision — 圈阅, the typed 批示, 转阅 notes — and the check of their
 * signature, then the outcome. Flows onto further pages when long.
 */
import { rgb, type PDFDocument, type PDFPage } from 'pdf-lib';
import type { CjkText, TextStyle } from './cjk-text';

export interface SummaryEntry {
  stepPosition: number;
  name: string;
  title: string;
  status: 'done' | 'transferred' | 'skipped' | 'pending' | 'waiting' | 'recalled';
  at: string | null;
  circled: boolean;
  instruction: string;
  transferNote: string | null;
  transferredToName: string | null;
  signature: { valid: boolean; signer: string; sha256: string } | null;
}

export interface SummaryInput {
  title: string;
  docNumber: string;
  fromAgencyName: string;
  agencyName: string;
  startedBy: string;
  startedAt: string;
  documentSha256: string;
  entries: SummaryEntry[];
  outcome: string | null;
  producedAt: string;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const GREY = rgb(0.4, 0.4, 0.4);
const RED = rgb(0.72, 0.1, 0.12);
const STEP_NAMES = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const stepName = (n: number) => `第${n <= 10 ? STEP_NAMES[n - 1] : n}步`;

class Flow {
  page!: PDFPage;
  y = 0;
  constructor(
    private readonly doc: PDFDocument,
    private readonly text: CjkText,
  ) {
    this.newPage();
  }

  newPage() {
    this.page = this.doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }

  need(h: number) {
    if (this.y - h < MARGIN) this.newPage();
  }

  async line(s: string, opts: { style: TextStyle; size: number; color?: ReturnType<typeof rgb>; indent?: number; gap?: number }) {
    const width = A4[0] - 2 * MARGIN - (opts.indent ?? 0);
    for (const l of this.text.wrap(s, opts.style, opts.size, width)) {
      this.need(opts.size * 1.5);
      this.y -= opts.size * 1.5;
      await this.text.draw(this.page, l, MARGIN + (opts.indent ?? 0), this.y, { style: opts.style, size: opts.size, color: opts.color });
    }
    this.y -= opts.gap ?? 0;
  }

  rule() {
    this.need(8);
    this.y -= 6;
    this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: A4[0] - MARGIN, y: this.y }, thickness: 0.6, color: RED });
    this.y -= 4;
  }
}

export async function writeSummaryPages(doc: PDFDocument, text: CjkText, s: SummaryInput): Promise<number> {
  const before = doc.getPageCount();
  const f = new Flow(doc, text);
  const heading = '领导批示单';
  const hw = text.width(heading, 'heiti', 22);
  f.y -= 22;
  await text.draw(f.page, heading, (A4[0] - hw) / 2, f.y, { style: 'heiti', size: 22, color: RED });
  f.y -= 10;
  f.rule();
  await f.line(`文件标题：${s.title}`, { style: 'songti', size: 11 });
  await f.line(`发文字号：${s.docNumber || '—'}    来文单位：${s.fromAgencyName}`, { style: 'songti', size: 11 });
  await f.line(`传阅单位：${s.agencyName}    发起：${s.startedBy}  ${s.startedAt}`, { style: 'songti', size: 11, gap: 4 });
  f.rule();

  const byStep = new Map<number, SummaryEntry[]>();
  for (const e of s.entries) byStep.set(e.stepPosition, [...(byStep.get(e.stepPosition) ?? []), e]);
  for (const [position, entries] of [...byStep.entries()].sort((a, b) => a[0] - b[0])) {
    await f.line(stepName(position), { style: 'heiti', size: 12, gap: 2 });
    for (const e of entries) {
      const what =
        e.status === 'done'
          ? [e.instruction ? '批示' : '', e.circled ? '圈阅' : ''].filter(Boolean).join('、') || '已阅'
          : e.status === 'transferred'
            ? `转阅${e.transferredToName ?? ''}`
            : e.status === 'skipped'
              ? '已跳过'
              : '未阅';
      await f.line(`${e.title} ${e.name}（${what}）${e.at ? `  ${e.at}` : ''}`, { style: 'heiti', size: 11, indent: 14 });
      if (e.instruction) await f.line(e.instruction, { style: 'kaiti', size: 14, indent: 28 });
      if (e.transferNote && e.status === 'transferred') await f.line(`转阅说明：${e.transferNote}`, { style: 'kaiti', size: 12, indent: 28 });
      if (e.signature) {
        const verdict = e.signature.valid ? '签名有效' : '签名无效';
        await f.line(`电子签名：${e.signature.signer}（个人证书，示范市电子政务签发证书签发）  ${verdict}  SHA-256 ${e.signature.sha256.slice(0, 32)}…`, {
          style: 'songti',
          size: 8,
          color: e.signature.valid ? GREY : RED,
          indent: 28,
        });
      }
      f.y -= 6;
    }
  }
  if (s.outcome) {
    f.rule();
    await f.line(s.outcome, { style: 'heiti', size: 12 });
  }
  f.rule();
  await f.line(
    `本批注副本由驿站系统于${s.producedAt}生成：原件各页及各位领导的批注层（矢量数据）合成，并由${s.agencyName}电子签章。原件为${s.fromAgencyName}签章的正式公文（SHA-256 ${s.documentSha256}），原件及其签名保持不变、可单独验证；各领导批示为其个人证书签名的数据，可单独验证。`,
    { style: 'songti', size: 8, color: GREY },
  );
  return doc.getPageCount() - before;
}
