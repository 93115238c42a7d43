/**
 * Raw MIME → what the mailbox stores about a message. mailparser decodes transfer encodings and
 * charsets (GB2312/GBK/GB18030 and Big5 through iconv-lite); headers written as raw 8-bit GBK
 * (not RFC 2047, but common in Chinese mail) are decoded here before mailparser sees them.
 */
import crypto from 'node:crypto';
import { simpleParser, type AddressObject, type EmailAddress } from 'mailparser';
import { MAX_SEARCH_TEXT, normaliseSearchText } from '../search/search-grams';

export interface ParsedAddress {
  address: string;
  name: string;
}

export interface ParsedAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  contentId: string | null;
  inline: boolean;
}

export interface ParsedMessage {
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  subject: string;
  from: ParsedAddress;
  to: ParsedAddress[];
  cc: ParsedAddress[];
  replyTo: ParsedAddress[];
  date: Date | null;
  text: string;
  html: string | null;
  attachments: ParsedAttachment[];
}

const SNIPPET_CHARS = 160;

export async function parseMessage(raw: Buffer, fallbackDomain: string): Promise<ParsedMessage> {
  const mail = await simpleParser(decodeEightBitHeaders(raw), {
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipTextLinks: true,
    skipImageLinks: true,
    maxHtmlLengthToParse: 5 * 1024 * 1024,
  });
  const html = typeof mail.html === 'string' && mail.html.trim() !== '' ? mail.html : null;
  const text = mail.text?.trim() ? mail.text : html ? htmlToText(html) : '';
  return {
    messageId: cleanId(mail.messageId) ?? `<${crypto.randomUUID()}@${fallbackDomain}>`,
    inReplyTo: cleanId(mail.inReplyTo) ?? null,
    references: (Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : []).map((r) => cleanId(r)).filter((r): r is string => !!r),
    subject: oneLine(mail.subject ?? ''),
    from: addresses(mail.from)[0] ?? { address: '', name: '' },
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    replyTo: addresses(mail.replyTo),
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : null,
    text,
    html,
    attachments: mail.attachments.map((a, i) => ({
      filename: oneLine(a.filename ?? defaultName(a.contentType, i)),
      contentType: a.contentType || 'application/octet-stream',
      content: a.content,
      contentId: a.cid ?? null,
      inline: !!a.cid && (a.related || a.contentDisposition === 'inline'),
    })),
  };
}

/** The parts of a message search looks at. */
export interface SearchSource {
  subject: string;
  /** From, then To, then Cc. */
  people: ParsedAddress[];
  /** Names of the attachments that are not inline, in order. */
  attachmentNames: string[];
  text: string;
}

/**
 * What search looks at: subject, people, attachment names and the body, normalised. Not stored
 * with the message: the indexer derives it from the stored columns (see search-indexer).
 */
export function searchTextFrom(s: SearchSource): string {
  const people = s.people.map((a) => `${a.name} ${a.address}`).join(' ');
  return normaliseSearchText(`${s.subject} ${people} ${s.attachmentNames.join(' ')} ${s.text}`).slice(0, MAX_SEARCH_TEXT);
}

export function searchTextOf(p: ParsedMessage): string {
  return searchTextFrom({ subject: p.subject, people: [p.from, ...p.to, ...p.cc], attachmentNames: p.attachments.filter((a) => !a.inline).map((a) => a.filename), text: p.text });
}

export function snippetOf(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, SNIPPET_CHARS);
}

/** Header values are shown and reused in replies: no line breaks or control characters survive. */
export function oneLine(s: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return s.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
}

function cleanId(id: string | undefined | null): string | null {
  if (!id) return null;
  const v = oneLine(id);
  if (!v) return null;
  return v.startsWith('<') ? v : `<${v}>`;
}

function addresses(field: AddressObject | AddressObject[] | undefined): ParsedAddress[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  const out: ParsedAddress[] = [];
  const visit = (v: EmailAddress[]) => {
    for (const a of v) {
      if (a.group) visit(a.group);
      else if (a.address) out.push({ address: a.address.toLowerCase(), name: oneLine(a.name ?? '') });
    }
  };
  for (const f of list) visit(f.value);
  return out;
}

function defaultName(contentType: string, i: number): string {
  const ext = contentType === 'application/pdf' ? '.pdf' : contentType.startsWith('image/') ? `.${contentType.slice(6)}` : '';
  return `附件${i + 1}${ext}`;
}

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** A plain-text rendering of HTML good enough for snippets and search (not for display). */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|h[1-6])>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x?[0-9a-f]+|\w+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/[ \t]+/g, ' ')
    .replace(/ ?\n[\s]*/g, '\n')
    .trim();
}

/**
 * If the header block holds 8-bit bytes that are not UTF-8, they are almost always GBK/GB18030 in
 * Chinese mail: re-encode that block as UTF-8 (mailparser reads raw header bytes as UTF-8).
 */
export function decodeEightBitHeaders(raw: Buffer): Buffer {
  let end = raw.indexOf('\r\n\r\n');
  let sepLen = 4;
  if (end < 0) {
    end = raw.indexOf('\n\n');
    sepLen = 2;
  }
  if (end < 0) {
    end = raw.length;
    sepLen = 0;
  }
  const head = raw.subarray(0, end);
  let eightBit = false;
  for (const b of head) {
    if (b >= 0x80) {
      eightBit = true;
      break;
    }
  }
  if (!eightBit) return raw;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head);
    return raw; // valid UTF-8 (RFC 6532)
  } catch {
    const decoded = new TextDecoder('gb18030').decode(head);
    return Buffer.concat([Buffer.from(decoded, 'utf8'), raw.subarray(end, end + sepLen), raw.subarray(end + sepLen)]);
  }
}
