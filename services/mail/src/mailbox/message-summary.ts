/** Entries joined with their messages, as the protocol's MessageSummary. */
import type { MessageSummary } from '@yizhan/protocol';
import type { AddressJson, MailKysely } from '../db/tables';

export const SUMMARY_COLUMNS = [
  'mail_entries.id',
  'mail_entries.mailbox_id',
  'mail_entries.folder_id',
  'mail_entries.thread_id',
  'mail_entries.seen',
  'mail_entries.flagged',
  'mail_entries.answered',
  'mail_entries.received_at',
  'mail_entries.size',
  'mail_messages.subject',
  'mail_messages.snippet',
  'mail_messages.from_address',
  'mail_messages.from_name',
  'mail_messages.to_list',
  'mail_messages.has_attachments',
] as const;

export interface SummaryRow {
  id: string;
  mailbox_id: string;
  folder_id: string;
  thread_id: string;
  seen: boolean;
  flagged: boolean;
  answered: boolean;
  received_at: Date | string;
  size: number;
  subject: string;
  snippet: string;
  from_address: string;
  from_name: string;
  to_list: AddressJson[];
  has_attachments: boolean;
}

export function summaryDto(r: SummaryRow): MessageSummary {
  return {
    id: r.id,
    mailboxId: r.mailbox_id,
    folderId: r.folder_id,
    threadId: r.thread_id,
    from: { address: r.from_address, name: r.from_name },
    to: r.to_list,
    subject: r.subject,
    snippet: r.snippet,
    receivedAt: new Date(r.received_at).toISOString(),
    size: Number(r.size),
    seen: r.seen,
    flagged: r.flagged,
    answered: r.answered,
    hasAttachments: r.has_attachments,
  };
}

/** Summaries of these entries, in the order given. */
export async function loadSummaries(db: MailKysely, entryIds: string[]): Promise<MessageSummary[]> {
  if (entryIds.length === 0) return [];
  const rows = await db.selectFrom('mail_entries').innerJoin('mail_messages', 'mail_messages.id', 'mail_entries.message_id').select(SUMMARY_COLUMNS).where('mail_entries.id', 'in', entryIds).execute();
  const byId = new Map(rows.map((r) => [r.id, summaryDto(r as SummaryRow)]));
  return entryIds.map((id) => byId.get(id)).filter((s): s is MessageSummary => !!s);
}
