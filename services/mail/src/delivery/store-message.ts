/**
 * The one transaction that makes received or sent messages exist: each message and its
 * attachments' metadata, an entry in every recipient's 收件箱 (and the sender's 已发送), quota
 * usage, the outbound queue rows for remote recipients and the full-text index job. The raw MIME
 * and the attachments are already in the blob store when this runs, so a crash at any point
 * leaves either the whole message or nothing (at most an unreferenced blob).
 *
 * Set-based: the group-commit writer hands over every message that arrived while the previous
 * write ran, and the whole batch is one read (quota and folders) and one write statement (each
 * table's rows as a data-modifying CTE) — every statement and round trip costs a fixed fraction
 * of a millisecond on the embedded database and a trip through the busy event loop on PostgreSQL.
 */
import crypto from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type { MailKysely } from '../db/tables';
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
/** Bind parameters one write statement may carry (the protocol's limit is 65,535). */
const PARAM_BUDGET = 30_000;

const MESSAGE_COLUMNS = [
  'id', 'raw_sha256', 'raw_size', 'message_id', 'in_reply_to', 'refs', 'subject', 'from_address', 'from_name', 'to_list', 'cc_list', 'reply_to_list', 'sent_at',
  'received_at', 'envelope_from', 'source', 'auth_user', 'remote_ip', 'auth_results', 'snippet', 'text_body', 'html_body', 'has_attachments',
] as const;
const ATTACHMENT_COLUMNS = ['message_id', 'idx', 'filename', 'content_type', 'size', 'sha256', 'content_id', 'inline'] as const;
const ENTRY_COLUMNS = ['id', 'mailbox_id', 'folder_id', 'message_id', 'thread_id', 'seen', 'received_at', 'size'] as const;
const OUTBOUND_COLUMNS = ['message_id', 'raw_sha256', 'envelope_from', 'sender_mailbox_id', 'recipient', 'domain', 'status', 'next_attempt_at', 'updated_at'] as const;

type Cell = string | number | boolean | Date | null;

/** One write of the batch: a statement on its own, or a part of the single combined statement. */
interface WritePart {
  query: RawBuilder<unknown>;
  params: number;
}

/** `INSERT INTO table (cols) VALUES …`, in chunks of CHUNK rows. */
function insertParts(table: string, columns: readonly string[], rows: Cell[][]): WritePart[] {
  const parts: WritePart[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    parts.push({
      query: sql`INSERT INTO ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) VALUES ${sql.join(chunk.map((r) => sql`(${sql.join(r)})`))}`,
      params: chunk.length * columns.length,
    });
  }
  return parts;
}

/**
 * Writes the parts atomically with as few round trips as possible: usually all of them as one
 * statement (data-modifying CTEs; a statement is atomic and its foreign keys are checked at its
 * end), otherwise one statement each inside a transaction. The last part is the main statement.
 */
async function writeAll(db: MailKysely, parts: WritePart[]): Promise<void> {
  const params = parts.reduce((n, p) => n + p.params, 0);
  if (params <= PARAM_BUDGET) {
    const main = parts[parts.length - 1].query;
    const ctes = parts.slice(0, -1).map((p, i) => sql`${sql.raw(`w${i}`)} AS (${p.query})`);
    await (ctes.length ? sql`WITH ${sql.join(ctes)} ${main}` : main).execute(db);
    return;
  }
  const run = async (trx: MailKysely) => {
    for (const p of parts) await p.query.execute(trx);
  };
  if (db.isTransaction) await run(db);
  else await db.transaction().execute(run);
}

/**
 * Stores a batch of messages atomically: in the transaction it is given, or — outside one — with
 * a single write statement (two round trips per batch: one read, one write) or, for a very large
 * batch, in a transaction of its own.
 */
export async function storeMessages(db: MailKysely, jobs: StoreJob[]): Promise<StoreResult[]> {
  if (jobs.length === 0) return [];
  const now = new Date();
  const results: StoreResult[] = jobs.map(() => ({ messageUuid: crypto.randomUUID(), entries: [], overQuota: [], queued: 0 }));
  const boxesOf = (j: StoreJob) => [...new Set([...j.inbox, ...(j.sentCopy ? [j.sentCopy] : [])])];
  const allBoxes = [...new Set(jobs.flatMap(boxesOf))];

  // Quota (a full recipient mailbox does not receive; the sender's own copy is always kept) and
  // the 收件箱 / 已发送 folders, in one read.
  const quota = new Map<string, { used: number; limit: number }>();
  const folderOf = new Map<string, string>();
  if (allBoxes.length) {
    const rows = await db
      .selectFrom('mail_mailboxes as m')
      .leftJoin('mail_folders as fi', (j) => j.onRef('fi.mailbox_id', '=', 'm.id').on('fi.role', '=', 'inbox'))
      .leftJoin('mail_folders as fs', (j) => j.onRef('fs.mailbox_id', '=', 'm.id').on('fs.role', '=', 'sent'))
      .select(['m.id', 'm.quota_bytes', 'm.used_bytes', 'fi.id as inbox_folder', 'fs.id as sent_folder'])
      .where('m.id', 'in', allBoxes)
      .execute();
    for (const r of rows) {
      quota.set(r.id, { used: Number(r.used_bytes), limit: Number(r.quota_bytes) });
      if (r.inbox_folder) folderOf.set(`${r.id}:inbox`, r.inbox_folder);
      if (r.sent_folder) folderOf.set(`${r.id}:sent`, r.sent_folder);
    }
  }
  const threads = await existingThreads(db, jobs);

  const messageRows: Cell[][] = jobs.map((job, i) => [
    results[i].messageUuid,
    job.rawSha256,
    job.rawSize,
    job.messageId,
    job.inReplyTo,
    JSON.stringify(job.references),
    job.subject,
    job.from.address,
    job.from.name,
    JSON.stringify(job.to),
    JSON.stringify(job.cc),
    JSON.stringify(job.replyTo),
    job.sentAt,
    now,
    job.envelopeFrom,
    job.source,
    job.authUser ?? null,
    job.remoteIp ?? null,
    job.authResults ?? null,
    job.snippet,
    job.text,
    job.html,
    job.attachments.some((a) => !a.inline),
  ]);
  const attachmentRows: Cell[][] = jobs.flatMap((job, i) =>
    job.attachments.map((a, idx) => [results[i].messageUuid, idx, a.filename, a.contentType, a.size, a.sha256, a.contentId, a.inline]),
  );

  const entryRows: Cell[][] = [];
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
      // The sender has read what they sent.
      entryRows.push([id, t.box, folder, r.messageUuid, threads.get(`${i}:${t.box}`) ?? newThread, t.folder === 'sent', now, job.rawSize]);
      r.entries.push({ mailboxId: t.box, entryId: id, folder: t.folder });
      usage.set(t.box, (usage.get(t.box) ?? 0) + job.rawSize);
      const q = quota.get(t.box);
      if (q) q.used += job.rawSize;
    }
  });

  const outboundRows: Cell[][] = jobs.flatMap((job, i) => {
    const remote = [...new Set(job.remote.map((r) => r.toLowerCase()))];
    results[i].queued = remote.length;
    return remote.map((recipient) => [results[i].messageUuid, job.rawSha256, job.envelopeFrom, job.sentCopy ?? null, recipient, splitAddress(recipient).domain, 'queued', now, now]);
  });

  const parts: WritePart[] = [
    ...insertParts('mail_messages', MESSAGE_COLUMNS, messageRows),
    ...insertParts('mail_attachments', ATTACHMENT_COLUMNS, attachmentRows),
    ...insertParts('mail_entries', ENTRY_COLUMNS, entryRows),
  ];
  if (usage.size) {
    const values = sql.join([...usage].map(([id, bytes]) => sql`(${id}::uuid, ${bytes}::bigint)`));
    parts.push({ query: sql`UPDATE mail_mailboxes AS m SET used_bytes = m.used_bytes + v.bytes FROM (VALUES ${values}) AS v(id, bytes) WHERE m.id = v.id`, params: usage.size * 2 });
  }
  parts.push(...insertParts('mail_outbound', OUTBOUND_COLUMNS, outboundRows));
  const answered = jobs.map((j) => j.answeredEntryId).filter((id): id is string => !!id);
  if (answered.length) parts.push({ query: sql`UPDATE mail_entries SET answered = true WHERE id IN (${sql.join(answered)})`, params: answered.length });
  const drafts = jobs.map((j) => j.draftId).filter((id): id is string => !!id);
  if (drafts.length) parts.push({ query: sql`DELETE FROM mail_drafts WHERE id IN (${sql.join(drafts)})`, params: drafts.length });
  // The index job last: the main statement when everything goes as one.
  parts.push(...insertParts('mail_index_queue', ['message_id'], results.map((r) => [r.messageUuid])));
  await writeAll(db, parts);
  return results;
}

/** The conversation each mailbox already has for the messages a job refers to: `${jobIndex}:${mailbox}` → thread. */
async function existingThreads(trx: MailKysely, jobs: StoreJob[]): Promise<Map<string, string>> {
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
