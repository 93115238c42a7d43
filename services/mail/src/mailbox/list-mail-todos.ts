/** The workspace 待办 from mail: the newest unread messages in the user's and their unit mailboxes' 收件箱. */
import type { Principal } from '@yizhan/core';
import type { TodoItem } from '@yizhan/protocol';
import type { MailContext } from '../mail-context';
import { accessibleMailboxes } from './mailbox-access';

const MAX_ITEMS = 10;

export async function listMailTodos(ctx: MailContext, p: Principal): Promise<TodoItem[]> {
  const boxes = await accessibleMailboxes(ctx.db, p.userId);
  if (boxes.length === 0) return [];
  const rows = await ctx.db
    .selectFrom('mail_entries')
    .innerJoin('mail_folders', 'mail_folders.id', 'mail_entries.folder_id')
    .innerJoin('mail_messages', 'mail_messages.id', 'mail_entries.message_id')
    .innerJoin('mail_mailboxes', 'mail_mailboxes.id', 'mail_entries.mailbox_id')
    .select(['mail_entries.id', 'mail_entries.received_at', 'mail_messages.subject', 'mail_messages.from_name', 'mail_messages.from_address', 'mail_mailboxes.kind', 'mail_mailboxes.display_name'])
    .where('mail_entries.mailbox_id', 'in', boxes.map((b) => b.mailbox.id))
    .where('mail_folders.role', '=', 'inbox')
    .where('mail_entries.seen', '=', false)
    .orderBy('mail_entries.received_at', 'desc')
    .limit(MAX_ITEMS)
    .execute();
  return rows.map((r) => ({
    id: `mail:${r.id}`,
    source: 'mail' as const,
    kind: r.kind === 'shared' ? '单位邮件' : '未读邮件',
    title: r.subject || '（无主题）',
    from: r.from_name || r.from_address,
    overdue: false,
    link: `/mail?entry=${r.id}`,
    createdAt: new Date(r.received_at).toISOString(),
  }));
}
