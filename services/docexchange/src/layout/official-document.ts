/**
 * The content of one official document (公文) as the renderer takes it: the GB/T 9704 elements,
 * already approved and formatted (numbers, dates). Layout decisions live in the renderer.
 */
import type { FontPaths } from './fonts';

export type Urgency = '普通' | '加急' | '特急';

export type BodyBlock =
  | { type: 'paragraph'; runs: { text: string; bold?: boolean }[] }
  /** 一、 (黑体) / （一） (楷体) / 1. / （1） — the text includes its numbering. */
  | { type: 'heading'; level: 1 | 2 | 3 | 4; text: string }
  | { type: 'list'; ordered: boolean; items: string[] }
  | { type: 'table'; rows: string[][]; header?: boolean };

export interface OfficialDocumentContent {
  /** 份号, 6 digits, printed top-left when present. */
  copyNumber?: string;
  /** Printed (3号黑体, top-left) unless 普通. */
  urgency: Urgency;
  /** 发文机关标志 without 文件, e.g. 示范市人民政府 → printed as 示范市人民政府文件. */
  agencyMark: string;
  /** 发文字号, e.g. 示政〔2026〕12号. */
  docNumber: string;
  /** 上行文: 发文字号 left + 签发人 right, 标志 80 mm from the type-area top. */
  upward?: { signers: string[] };
  /** 2号小标宋, centred; wraps at word boundaries into a trapezoid or diamond. */
  title: string;
  /** Joined with 、 and ending with ：. */
  mainRecipients: string[];
  body: BodyBlock[];
  /** Attachment names for the 附件说明 (names only, no numbers or punctuation). */
  attachments: string[];
  /** 发文机关署名. */
  signatureName: string;
  /** 成文日期, already formatted: 2026年11月23日. */
  date: string;
  /** 附注, printed in parentheses below the date. */
  note?: string;
  /** 抄送 in the 版记. */
  ccRecipients: string[];
  /** 印发机关. */
  printingAgency: string;
  /** 印发日期, already formatted: 2026年11月23日 (printed as …印发). */
  printingDate: string;
}

export interface SealPlacement {
  /** 0-based page index (as in pdf-lib's getPages()). */
  page: number;
  /** Centre of the seal and its diameter, in PDF points (origin bottom-left). */
  centerX: number;
  centerY: number;
  diameter: number;
}

export interface RenderOptions {
  /** Font files per role; Debian's free fonts by default. */
  fonts?: FontPaths;
  /** Seal diameter in mm (default 42), used to leave room for it. */
  sealDiameterMm?: number;
}

export interface RenderedDocument {
  pdf: Uint8Array;
  pages: number;
  sealPlacement: SealPlacement;
}
