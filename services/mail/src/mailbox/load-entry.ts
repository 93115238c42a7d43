/** An entry the principal may read (its mailbox is theirs or granted to them), with its message. */
import { AppError, type Principal } from '@yizhan/core';
import type { EntryRow, MailKysely, MessageRow } from '../db/tables';
import { requireMailbox } from './mailbox-access';

export async function loadEntry(db: MailKysely, p: Principal, entryId: string): Promise<{ entry: EntryRow; message: MessageRow }> {
  const entry = await db.selectFrom('mail_entries').selectAll().where('id', '=', entryId).executeTakeFirst();
  if (!entry) throw new AppError('NOT_FOUND', `no mail entry ${entryId}`, { userMessage: '邮件不存在或已被删除' });
  await requireMailbox(db, p, entry.mailbox_id);
  const message = await db.selectFrom('mail_messages').selectAll().where('id', '=', entry.message_id).executeTakeFirstOrThrow();
  return { entry, message };
}
