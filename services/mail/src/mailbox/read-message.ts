/** One message as the reader sees it: sanitised HTML (or text), people, attachments with their seal verdicts. */
import type { Principal } from '@yizhan/core';
import type { MailAttachment, MessageDetail, SealVerdict } from '@yizhan/protocol';
import type { MailContext } from '../mail-context';
import { loadEntry } from './load-entry';
import { summaryDto, type SummaryRow } from './message-summary';
import { sanitizeMailHtml } from './sanitize-mail-html';
import { sealVerdictOf } from './seal-verdict';

export interface ReadMessageOptions {
  principal: Principal;
  entryId: string;
  allowRemoteImages: boolean;
}

export const attachmentUrl = (entryId: string, index: number) => `/api/mail/entries/${entryId}/attachments/${index}`;

export async function readMessage(ctx: MailContext, o: ReadMessageOptions): Promise<MessageDetail> {
  const { db } = ctx;
  const { entry, message } = await loadEntry(db, o.principal, o.entryId);
  const rows = await db.selectFrom('mail_attachments').selectAll().where('message_id', '=', message.id).orderBy('idx').execute();

  const attachments: MailAttachment[] = [];
  for (const a of rows) {
    let seal: SealVerdict | null = null;
    if (isPdf(a.content_type, a.filename) && !a.inline) {
      seal = (a.seal_verdict as SealVerdict | null) ?? null;
      if (!seal) {
        seal = await sealVerdictOf(ctx, await ctx.platform.blobs.getBuffer(a.sha256));
        if (seal.status !== 'unavailable') {
          await db.updateTable('mail_attachments').set({ seal_verdict: JSON.stringify(seal) }).where('message_id', '=', a.message_id).where('idx', '=', a.idx).execute();
        }
      }
    }
    attachments.push({ index: a.idx, filename: a.filename, contentType: a.content_type, size: a.size, sha256: a.sha256, inline: a.inline, contentId: a.content_id, seal });
  }

  let html: string | null = null;
  let blockedImages = 0;
  if (message.html_body) {
    const byCid = new Map(rows.filter((a) => a.content_id).map((a) => [a.content_id!.replace(/^<|>$/g, ''), a.idx]));
    const out = sanitizeMailHtml(message.html_body, {
      cidUrl: (cid) => (byCid.has(cid) ? attachmentUrl(entry.id, byCid.get(cid)!) : null),
      allowRemoteImages: o.allowRemoteImages,
    });
    html = out.html;
    blockedImages = out.blockedImages;
  }

  const summary = summaryDto({ ...entry, ...message, id: entry.id, received_at: entry.received_at } as unknown as SummaryRow);
  return {
    ...summary,
    cc: message.cc_list,
    replyTo: message.reply_to_list,
    sentAt: message.sent_at ? new Date(message.sent_at).toISOString() : null,
    messageId: message.message_id,
    html,
    text: message.text_body,
    blockedImages,
    attachments,
    authResults: message.auth_results,
  };
}

function isPdf(contentType: string, filename: string): boolean {
  return contentType.toLowerCase() === 'application/pdf' || filename.toLowerCase().endsWith('.pdf');
}
