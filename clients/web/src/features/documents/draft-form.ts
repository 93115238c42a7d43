/** The 拟稿 form's values ⇄ the protocol's DraftFields. */
import dayjs, { type Dayjs } from 'dayjs';
import type { Classification, DraftFields, RichText, Urgency } from '@yizhan/protocol';

export interface DraftFormValues {
  copyNumber?: string;
  classification: Classification;
  urgency: Urgency;
  agencyMark?: string;
  upward: boolean;
  title: string;
  mainRecipients: string[];
  ccRecipients: string[];
  body: RichText;
  signatureName?: string;
  documentDate?: Dayjs | null;
  note?: string;
  printingAgency?: string;
}

export const EMPTY_BODY: RichText = { type: 'doc', content: [{ type: 'paragraph' }] };

/** Is there any text (or a table) in the 正文? An editor with only empty paragraphs is empty. */
export function isBodyEmpty(body: RichText | undefined): boolean {
  const hasText = (node: unknown): boolean => {
    if (!node || typeof node !== 'object') return false;
    const n = node as { type?: string; text?: string; content?: unknown[] };
    if (n.type === 'text') return !!n.text?.trim();
    if (n.type === 'table' || n.type === 'image') return true;
    return (n.content ?? []).some(hasText);
  };
  return !body || !hasText(body);
}

const text = (v: string | undefined) => (v ?? '').trim();

/**
 * What is sent (POST /documents and PATCH). Every field is sent so a PATCH replaces the whole draft;
 * emptied texts go as '' (the server then uses the agency's name), an emptied 份号 as ''. An emptied
 * 成文日期 cannot be sent (the schema takes only YYYY-MM-DD) and is left out.
 */
export function toDraftFields(v: DraftFormValues): DraftFields {
  const date = v.documentDate && dayjs(v.documentDate).isValid() ? dayjs(v.documentDate).format('YYYY-MM-DD') : undefined;
  return {
    copyNumber: text(v.copyNumber) as DraftFields['copyNumber'],
    classification: v.classification,
    urgency: v.urgency,
    agencyMark: text(v.agencyMark),
    upward: !!v.upward,
    title: text(v.title),
    mainRecipients: [...(v.mainRecipients ?? [])],
    ccRecipients: [...(v.ccRecipients ?? [])],
    body: v.body ?? EMPTY_BODY,
    signatureName: text(v.signatureName),
    ...(date ? { documentDate: date } : {}),
    note: text(v.note),
    printingAgency: text(v.printingAgency),
  };
}

export function fromDraftFields(f: DraftFields): DraftFormValues {
  return {
    copyNumber: f.copyNumber ?? '',
    classification: f.classification ?? '非密',
    urgency: f.urgency ?? '普通',
    agencyMark: f.agencyMark ?? '',
    upward: !!f.upward,
    title: f.title ?? '',
    mainRecipients: f.mainRecipients ?? [],
    ccRecipients: f.ccRecipients ?? [],
    body: f.body ?? EMPTY_BODY,
    signatureName: f.signatureName ?? '',
    documentDate: f.documentDate ? dayjs(f.documentDate) : null,
    note: f.note ?? '',
    printingAgency: f.printingAgency ?? '',
  };
}

/** A new draft: 非密, 普通, the agency's name as 发文机关标志. */
export function newDraftValues(agencyName: string): DraftFormValues {
  return {
    copyNumber: '',
    classification: '非密',
    urgency: '普通',
    agencyMark: agencyName,
    upward: false,
    title: '',
    mainRecipients: [],
    ccRecipients: [],
    body: EMPTY_BODY,
    signatureName: '',
    documentDate: null,
    note: '',
    printingAgency: '',
  };
}

/** Only 非密 may travel over the network. */
export const isClassified = (c: Classification | undefined) => !!c && c !== '非密';
