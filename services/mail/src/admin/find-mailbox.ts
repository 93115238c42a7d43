import { AppError } from '@yizhan/core';
import type { MailKysely, MailboxRow } from '../db/tables';

/** A mailbox by its address, a user's username, or an agency code (its unit mailbox). */
export async function findMailbox(db: MailKysely, ref: string): Promise<MailboxRow> {
  const key = ref.trim().toLowerCase();
  const box = key.includes('@')
    ? await db.selectFrom('mail_mailboxes').selectAll().where('address', '=', key).executeTakeFirst()
    : ((await db.selectFrom('mail_mailboxes').innerJoin('users', 'users.id', 'mail_mailboxes.user_id').selectAll('mail_mailboxes').where('users.username', '=', key).executeTakeFirst()) ??
      (await db.selectFrom('mail_mailboxes').selectAll().where('kind', '=', 'shared').where('agency_code', '=', key).executeTakeFirst()));
  if (!box) throw new AppError('NOT_FOUND', `no mailbox ${ref}`, { userMessage: `邮箱“${ref}”不存在` });
  return box;
}
