/**
 * Sends what the web mail composed: builds standard MIME (nodemailer's composer encodes every
 * header, so no value can inject another), turns inline images into cid: parts, threads replies
 * (In-Reply-To/References), keeps a forwarded message's attachments, then delivers locally and
 * queues remote recipients in one transaction — the same path as SMTP submission.
 */
import crypto from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer';
import { AppError, type Principal } from '@yizhan/core';
import type { Compose, SendResult } from '@yizhan/protocol';
import type { MailContext } from '../mail-context';
import { deliverMessage } from '../delivery/deliver-message';
import { htmlToText } from '../delivery/parse-message';
import { resolveRecipients } from '../delivery/resolve-recipients';
import { ownMailbox, requireMailbox } from './mailbox-access';
import { loadEntry } from './load-entry';
import { loadUploads } from './save-upload';

export interface SendMessageOptions {
  principal: Principal;
  compose: Compose;
  ip?: string;
}

const UPLOAD_IMG = /(<img\b[^>]*?\bsrc=["'])\/api\/mail\/uploads\/([0-9a-f-]{36})(["'])/gi;

export async function sendMessage(ctx: MailContext, o: SendMessageOptions): Promise<SendResult> {
  const { db, settings } = ctx;
  const c = o.compose;
  const senderBox = c.fromMailboxId ? (await requireMailbox(db, o.principal, c.fromMailboxId, { send: true, ip: o.ip })).mailbox : await ownMailbox(db, o.principal.userId);

  const all = [...c.to, ...c.cc, ...c.bcc];
  const resolved = await resolveRecipients(db, settings, all);
  if (resolved.unknown.length) {
    throw new AppError('VALIDATION_FAILED', `unknown local recipients ${resolved.unknown.join(', ')}`, { userMessage: `收件人不存在：${resolved.unknown.join('、')}`, details: { unknown: resolved.unknown } });
  }
  const names = await displayNames(ctx, all);
  const person = (address: string) => ({ address, name: names.get(address) ?? '' });

  // Reply threading and forwarded attachments.
  let inReplyTo: string | undefined;
  let references: string[] = [];
  let answeredEntryId: string | null = null;
  if (c.inReplyTo) {
    const { entry, message } = await loadEntry(db, o.principal, c.inReplyTo);
    inReplyTo = message.message_id;
    references = [...message.refs, message.message_id].slice(-20);
    answeredEntryId = entry.id;
  }
  const attachments: Mail.Attachment[] = [];
  if (c.forwardAttachmentsOf) {
    const { message } = await loadEntry(db, o.principal, c.forwardAttachmentsOf);
    const parts = await db.selectFrom('mail_attachments').selectAll().where('message_id', '=', message.id).where('inline', '=', false).orderBy('idx').execute();
    for (const a of parts) attachments.push({ filename: a.filename, contentType: a.content_type, content: await ctx.platform.blobs.getBuffer(a.sha256) });
  }

  // Uploaded files: inline images referenced from the HTML become related cid: parts.
  const inlineIds = new Set<string>();
  const html = c.html.replace(UPLOAD_IMG, (_m, before: string, id: string, after: string) => {
    inlineIds.add(id);
    return `${before}cid:${id}@${settings.hostname}${after}`;
  });
  const uploads = await loadUploads(ctx, o.principal, [...new Set([...c.attachments, ...inlineIds])]);
  for (const u of uploads) {
    const content = await ctx.platform.blobs.getBuffer(u.sha256);
    if (inlineIds.has(u.id)) attachments.push({ filename: u.filename, contentType: u.content_type, content, cid: `${u.id}@${settings.hostname}`, contentDisposition: 'inline' });
    if (c.attachments.includes(u.id)) attachments.push({ filename: u.filename, contentType: u.content_type, content });
  }

  const messageId = `<${crypto.randomUUID()}@${settings.hostname}>`;
  const text = html ? htmlToText(html) : '';
  const composer = new MailComposer({
    from: { name: senderBox.display_name, address: senderBox.address },
    to: c.to.map(person),
    cc: c.cc.map(person),
    subject: c.subject,
    messageId,
    date: new Date(),
    inReplyTo,
    references,
    text,
    html: html ? `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="font-family:'Microsoft YaHei','PingFang SC',sans-serif;font-size:14px;line-height:1.6">${html}</body></html>` : undefined,
    attachments,
    headers: { 'X-Mailer': 'Yizhan Web Mail' },
  });
  const raw = await composer.compile().build();

  const result = await deliverMessage(ctx, {
    raw,
    envelopeFrom: senderBox.address,
    source: 'web',
    inbox: resolved.local.map((l) => l.mailboxId),
    sentCopy: senderBox.id,
    remote: resolved.remote,
    authUser: o.principal.username,
    remoteIp: o.ip,
    answeredEntryId,
    draftId: c.draftId ?? null,
  });
  const sent = result.entries.find((e) => e.folder === 'sent');
  return { entryId: sent?.entryId ?? '', messageId, delivered: result.entries.filter((e) => e.folder === 'inbox').length, queued: result.queued };
}

/** Directory names for local addresses (people, unit mailboxes). */
async function displayNames(ctx: MailContext, addresses: string[]): Promise<Map<string, string>> {
  if (addresses.length === 0) return new Map();
  const rows = await ctx.db.selectFrom('mail_mailboxes').select(['address', 'display_name']).where('address', 'in', addresses).execute();
  return new Map(rows.map((r) => [r.address, r.display_name]));
}
