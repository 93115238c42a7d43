/**
 * Stores one message for its local recipients and queues it for the remote ones: the raw MIME
 * and the attachments go to the blob store first, then one transaction makes the message exist.
 * Only when this resolves may an SMTP session answer 250. Used by both SMTP ports, the web mail's
 * send, and bounces.
 */
import type { MailContext } from '../mail-context';
import { parseMessage, snippetOf } from './parse-message';
import type { MessageSource, StoreResult, StoredAttachment } from './store-message';
import { buildDsn } from './build-dsn';

export interface DeliverRequest {
  raw: Buffer;
  envelopeFrom: string;
  source: MessageSource;
  inbox: string[];
  sentCopy?: string | null;
  remote: string[];
  authUser?: string | null;
  remoteIp?: string | null;
  authResults?: string | null;
  answeredEntryId?: string | null;
  draftId?: string | null;
  /** Refuses the message by its From header (throws) before anything is stored. */
  checkFrom?: (fromAddress: string) => void;
}

export async function deliverMessage(ctx: MailContext, req: DeliverRequest): Promise<StoreResult> {
  const { blobs } = ctx.platform;
  const parsed = await parseMessage(req.raw, ctx.settings.hostname);
  req.checkFrom?.(parsed.from.address);
  const rawBlob = await blobs.put(req.raw);
  const attachments: StoredAttachment[] = [];
  for (const a of parsed.attachments) {
    const blob = await blobs.put(a.content);
    attachments.push({ filename: a.filename, contentType: a.contentType, size: blob.size, sha256: blob.sha256, contentId: a.contentId, inline: a.inline });
  }
  const result = await ctx.writer.write({
    rawSha256: rawBlob.sha256,
    rawSize: rawBlob.size,
    messageId: parsed.messageId,
    inReplyTo: parsed.inReplyTo,
    references: parsed.references,
    subject: parsed.subject,
    from: parsed.from,
    to: parsed.to,
    cc: parsed.cc,
    replyTo: parsed.replyTo,
    sentAt: parsed.date,
    text: parsed.text,
    html: parsed.html,
    snippet: snippetOf(parsed.text),
    attachments,
    envelopeFrom: req.envelopeFrom,
    source: req.source,
    authUser: req.authUser,
    remoteIp: req.remoteIp,
    authResults: req.authResults,
    inbox: req.inbox,
    sentCopy: req.sentCopy,
    remote: req.remote,
    answeredEntryId: req.answeredEntryId,
    draftId: req.draftId,
  });
  ctx.recipients.noteDelivered(result.entries.map((e) => e.mailboxId), rawBlob.size);
  ctx.hooks.delivered({ entries: result.entries, subject: parsed.subject, fromName: parsed.from.name, fromAddress: parsed.from.address });
  ctx.hooks.indexQueued();
  if (result.queued > 0) ctx.hooks.outboundQueued();

  if (result.overQuota.length > 0 && req.source !== 'bounce' && req.sentCopy) {
    const boxes = await ctx.db.selectFrom('mail_mailboxes').select('address').where('id', 'in', result.overQuota).execute();
    await bounceToSender(ctx, {
      senderMailboxId: req.sentCopy,
      original: req.raw,
      failures: boxes.map((b) => ({ recipient: b.address, status: '5.2.2', diagnostic: '552 5.2.2 Mailbox full (收件人邮箱已满)' })),
    });
  }
  return result;
}

export interface BounceOptions {
  senderMailboxId: string;
  original: Buffer;
  failures: Array<{ recipient: string; status: string; diagnostic: string }>;
}

/** A delivery status notification (RFC 3464) into the sender's 收件箱. */
export async function bounceToSender(ctx: MailContext, opts: BounceOptions): Promise<void> {
  const sender = await ctx.db.selectFrom('mail_mailboxes').select(['id', 'address']).where('id', '=', opts.senderMailboxId).executeTakeFirst();
  if (!sender) return;
  const raw = buildDsn({ hostname: ctx.settings.hostname, domain: ctx.settings.domain, to: sender.address, original: opts.original, failures: opts.failures });
  await deliverMessage(ctx, { raw, envelopeFrom: '', source: 'bounce', inbox: [sender.id], remote: [] });
}
