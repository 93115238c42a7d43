/** Every message of a conversation in this mailbox (already deleted ones left out), oldest first. */
import type { Principal } from '@yizhan/core';
import type { Thread } from '@yizhan/protocol';
import type { MailContext } from '../mail-context';
import { loadEntry } from './load-entry';
import { SUMMARY_COLUMNS, summaryDto, type SummaryRow } from './message-summary';

export async function readThread(ctx: MailContext, o: { principal: Principal; entryId: string }): Promise<Thread> {
  const { db } = ctx;
  const { entry } = await loadEntry(db, o.principal, o.entryId);
  const trash = await db.selectFrom('mail_folders').select('id').where('mailbox_id', '=', entry.mailbox_id).where('role', '=', 'trash').executeTakeFirst();
  let q = db
    .selectFrom('mail_entries')
    .innerJoin('mail_messages', 'mail_messages.id', 'mail_entries.message_id')
    .select(SUMMARY_COLUMNS)
    .where('mail_entries.mailbox_id', '=', entry.mailbox_id)
    .where('mail_entries.thread_id', '=', entry.thread_id);
  if (trash && trash.id !== entry.folder_id) q = q.where('mail_entries.folder_id', '<>', trash.id);
  const rows = await q.orderBy('mail_entries.received_at').limit(200).execute();
  return { messages: rows.map((r) => summaryDto(r as SummaryRow)) };
}
