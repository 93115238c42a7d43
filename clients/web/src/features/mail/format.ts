/** Pure helpers of the web mail: sizes, reply/forward subjects and quoted bodies, recipients. */
import type { MailboxAddress, MessageDetail } from '@yizhan/protocol';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(n % 1024 ** 3 === 0 ? 0 : 1)} GB`;
}

const REPLY_PREFIX = /^\s*((re|回复|答复)\s*[:：]\s*)+/i;
const FORWARD_PREFIX = /^\s*((fwd?|转发)\s*[:：]\s*)+/i;

export function replySubject(subject: string): string {
  return `回复：${subject.replace(REPLY_PREFIX, '')}`;
}

export function forwardSubject(subject: string): string {
  return `转发：${subject.replace(FORWARD_PREFIX, '')}`;
}

export function displayName(a: MailboxAddress): string {
  return a.name || a.address;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Who a reply goes to: the Reply-To or the sender; for reply-all also everyone else except me. */
export function replyRecipients(m: Pick<MessageDetail, 'from' | 'to' | 'cc' | 'replyTo'>, myAddresses: string[], all: boolean): { to: string[]; cc: string[] } {
  const mine = new Set(myAddresses.map((a) => a.toLowerCase()));
  const primary = (m.replyTo.length ? m.replyTo : [m.from]).map((a) => a.address.toLowerCase());
  const fromMe = primary.every((a) => mine.has(a));
  // Replying to my own sent message goes to its recipients.
  const others = m.to.map((a) => a.address.toLowerCase()).filter((a) => !mine.has(a));
  const to = fromMe && others.length > 0 ? others : primary;
  if (!all) return { to: unique(to), cc: [] };
  const seen = new Set([...to, ...mine]);
  const cc = [...m.to, ...m.cc].map((a) => a.address.toLowerCase()).filter((a) => !seen.has(a));
  return { to: unique(to), cc: unique(cc) };
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

/** The quoted original under a reply or forward, as HTML for the editor. */
export function quotedBody(m: MessageDetail, header: string): string {
  const body = m.html ?? `<p>${escapeHtml(m.text).replace(/\n/g, '<br>')}</p>`;
  return `<p></p><p>${escapeHtml(header)}</p><blockquote>${body}</blockquote>`;
}

export function joinAddresses(list: MailboxAddress[]): string {
  return list.map((a) => (a.name ? `${a.name} <${a.address}>` : a.address)).join('，');
}
