/**
 * The one transaction that makes received or sent messages exist: each message and its
 * attachments' metadata, an entry in every recipient's 收件箱 (and the sender's 已发送), quota
 * usage, the outbound queue rows for remote recipients and the full-text index job. The raw MIME
 * and the attachments are already in the blob store when this runs, so a crash at any point
 * leaves either the whole message or nothing (at most an unreferenced blob).
 *
 * Set-based: the group-commit writer hands over every message that arrived while the previous
 * transaction ran, and they are written with one statement per table, not one per message — on
 * the embedded database each statement costs a fixed fraction of a millisecond.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { MailTrx } from '../db/tables';
import type { ParsedAddress } from './parse-message';
import { splitAddress } from './resolve-recipients';

export interface StoredAttachment {
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  contentId: string | null;
  inline: boolean;
}

export type MessageSource = 'submission' | 'mx' | 'web' | 'bounce';

export interface StoreJob {
  rawSha256: string;
  rawSize: number;
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  subject: string;
  from: ParsedAddress;
  to: ParsedAddress[];
  cc: ParsedAddress[];
  replyTo: ParsedAddress[];
  sentAt: Date | null;
  text: string;
  html: string | null;
  snippet: string;
  searchText: string;
  attachments: StoredAttachment[];
  envelopeFrom: string;
  source: MessageSource;
  authUser?: string | null;
  remoteIp?: string | null;
  authResults?: string | null;
  /** Mailboxes whose 收件箱 receives it. */
  inbox: string[];
  /** The sender's mailbox, which keeps a copy in 已发送. */
  sentCopy?: string | null;
  remote: string[];
  /** Marks this entry 已回复 (a reply from web mail). */
  answeredEntryId?: string | null;
  /** Deleted with the send (the draft became this message). */
  draftId?: string | null;
}

export interface StoredEntry {
  mailboxId: string;
  entryId: string;
  folder: 'inbox' | 'sent';
}

export interface StoreResult {
  messageUuid: string;
  entries: StoredEntry[];
  /** Recipient mailboxes that were full: they did not get it (the sender gets a bounce). */
  overQuota: string[];
  queued: number;
}

const CHUNK = 1000;

async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

export async function storeMessages(trx: MailTrx, jobs: StoreJob[]): Promise<StoreResult[]> {
  const now = new Date();
  const results: StoreResult[] = jobs.map(() => ({ messageUuid: crypto.randomUUID(), entries: [], overQuota: [], queued: 0 }));
  const boxesOf = (j: StoreJob) => [...new Set([...j.inbox, ...(j.sentCopy ? [j.sentCopy] : [])])];
  const allBoxes = [...new Set(jobs.flatMap(boxesOf))];

  // Quota: a full recipient mailbox does not receive; the sender's own copy is always kept.
  const quota = new Map<string, { used: number; limit: number }>();
  if (allBoxes.length) {
    const rows = await trx.selectFrom('mail_mailboxes').select(['id', 'quota_bytes', 'used_bytes']).where('id', 'in', allBoxes).execute();
    for (const r of rows) quota.set(r.id, { used: Number(r.used_bytes), limit: Number(r.quota_bytes) });
  }

  await trx
    .insertInto('mail_messages')
    .values(
      jobs.map((job, i) => ({
        id: results[i].messageUuid,
        raw_sha256: job.rawSha256,
        raw_size: job.rawSize,
        message_id: job.messageId,
        in_reply_to: job.inReplyTo,
        refs: JSON.stringify(job.references),
        subject: job.subject,
        from_address: job.from.address,
        from_name: job.from.name,
        to_list: JSON.stringify(job.to),
        cc_list: JSON.stringify(job.cc),
        reply_to_list: JSON.stringify(job.replyTo),
        sent_at: job.sentAt,
        received_at: now,
        envelope_from: job.envelopeFrom,
        source: job.source,
        auth_user: job.authUser ?? null,
        remote_ip: job.remoteIp ?? null,
        auth_results: job.authResults ?? null,
        snippet: job.snippet,
        text_body: job.text,
        html_body: job.html,
        has_attachments: job.attachments.some((a) => !a.inline),
        search_text: job.searchText,
      })),
    )
    .execute();

  const attachments = jobs.flatMap((job, i) =>
    job.attachments.map((a, idx) => ({
      message_id: results[i].messageUuid,
      idx,
      filename: a.filename,
      content_type: a.contentType,
      size: a.size,
      sha256: a.sha256,
      content_id: a.contentId,
      inline: a.inline,
    })),
  );
  await insertChunked(attachments, (chunk) => trx.insertInto('mail_attachments').values(chunk).execute());

  const threads = await existingThreads(trx, jobs);
  const folderRows = allBoxes.length ? await trx.selectFrom('mail_folders').select(['id', 'mailbox_id', 'role']).where('mailbox_id', 'in', allBoxes).where('role', 'in', ['inbox', 'sent']).execute() : [];
  const folderOf = new Map(folderRows.map((f) => [`${f.mailbox_id}:${f.role}`, f.id]));

  const entries: Array<{ id: string; mailbox_id: string; folder_id: string; message_id: string; thread_id: string; seen: boolean; received_at: Date; size: number }> = [];
  const usage = new Map<string, number>();
  jobs.forEach((job, i) => {
    const r = results[i];
    const newThread = crypto.randomUUID();
    const targets: Array<{ box: string; folder: 'inbox' | 'sent' }> = [];
    for (const box of new Set(job.inbox)) {
      const q = quota.get(box);
      if (q && q.used + job.rawSize > q.limit) {
        r.overQuota.push(box);
        continue;
      }
      targets.push({ box, folder: 'inbox' });
    }
    if (job.sentCopy) targets.push({ box: job.sentCopy, folder: 'sent' });
    for (const t of targets) {
      const folder = folderOf.get(`${t.box}:${t.folder}`);
      if (!folder) continue;
      const id = crypto.randomUUID();
      entries.push({
        id,
        mailbox_id: t.box,
        folder_id: folder,
        message_id: r.messageUuid,
        thread_id: threads.get(`${i}:${t.box}`) ?? newThread,
        // The sender has read what they sent.
        seen: t.folder === 'sent',
        received_at: now,
        size: job.rawSize,
      });
      r.entries.push({ mailboxId: t.box, entryId: id, folder: t.folder });
      usage.set(t.box, (usage.get(t.box) ?? 0) + job.rawSize);
      const q = quota.get(t.box);
      if (q) q.used += job.rawSize;
    }
  });
  await insertChunked(entries, (chunk) => trx.insertInto('mail_entries').values(chunk).execute());

  if (usage.size) {
    const values = sql.join([...usage].map(([id, bytes]) => sql`(${id}::uuid, ${bytes}::bigint)`));
    await sql`UPDATE mail_mailboxes AS m SET used_bytes = m.used_bytes + v.bytes FROM (VALUES ${values}) AS v(id, bytes) WHERE m.id = v.id`.execute(trx);
  }

  const outbound = jobs.flatMap((job, i) => {
    const remote = [...new Set(job.remote.map((r) => r.toLowerCase()))];
    results[i].queued = remote.length;
    return remote.map((recipient) => ({
      message_id: results[i].messageUuid,
      raw_sha256: job.rawSha256,
      envelope_from: job.envelopeFrom,
      sender_mailbox_id: job.sentCopy ?? null,
      recipient,
      domain: splitAddress(recipient).domain,
      status: 'queued' as const,
      next_attempt_at: now,
      updated_at: now,
    }));
  });
  await insertChunked(outbound, (chunk) => trx.insertInto('mail_outbound').values(chunk).execute());

  await trx
    .insertInto('mail_index_queue')
    .values(results.map((r) => ({ message_id: r.messageUuid })))
    .execute();
  for (const job of jobs) {
    if (job.answeredEntryId) await trx.updateTable('mail_entries').set({ answered: true }).where('id', '=', job.answeredEntryId).execute();
    if (job.draftId) await trx.deleteFrom('mail_drafts').where('id', '=', job.draftId).execute();
  }
  return results;
}

/** The conversation each mailbox already has for the messages a job refers to: `${jobIndex}:${mailbox}` → thread. */
async function existingThreads(trx: MailTrx, jobs: StoreJob[]): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  const wanted = jobs.map((j) => ({ boxes: [...new Set([...j.inbox, ...(j.sentCopy ? [j.sentCopy] : [])])], refs: [j.inReplyTo, ...j.references].filter((r): r is string => !!r).slice(-50) }));
  const refs = [...new Set(wanted.flatMap((w) => w.refs))];
  const boxes = [...new Set(wanted.filter((w) => w.refs.length).flatMap((w) => w.boxes))];
  if (refs.length === 0 || boxes.length === 0) return map;
  const rows = await trx
    .selectFrom('mail_entries')
    .innerJoin('mail_messages', 'mail_messages.id', 'mail_entries.message_id')
    .select(['mail_entries.mailbox_id', 'mail_entries.thread_id', 'mail_messages.message_id'])
    .where('mail_entries.mailbox_id', 'in', boxes)
    .where('mail_messages.message_id', 'in', refs)
    .orderBy('mail_entries.received_at', 'desc')
    .execute();
  wanted.forEach((w, i) => {
    const refSet = new Set(w.refs);
    for (const r of rows) {
      const key = `${i}:${r.mailbox_id}`;
      if (refSet.has(r.message_id) && w.boxes.includes(r.mailbox_id) && !map.has(key)) map.set(key, r.thread_id);
    }
  });
  return map;
}
