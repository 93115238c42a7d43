/** A folder as conversations: the newest message of each thread, with the thread's size and unread count. */
import { sql } from 'kysely';
import type { Principal } from '@yizhan/core';
import { AppError } from '@yizhan/core';
import type { ThreadList } from '@yizhan/protocol';
import type { MailContext } from '../mail-context';
import { requireMailbox } from './mailbox-access';
import { summaryDto, type SummaryRow } from './message-summary';

export interface ListThreadsOptions {
  principal: Principal;
  mailboxId: string;
  folderId: string;
  limit: number;
  offset: number;
}

export async function listThreads(ctx: MailContext, o: ListThreadsOptions): Promise<ThreadList> {
  const { db } = ctx;
  await requireMailbox(db, o.principal, o.mailboxId);
  const folder = await db.selectFrom('mail_folders').select('id').where('id', '=', o.folderId).where('mailbox_id', '=', o.mailboxId).executeTakeFirst();
  if (!folder) throw new AppError('NOT_FOUND', `no folder ${o.folderId} in ${o.mailboxId}`, { userMessage: '文件夹不存在' });

  const result = await sql<SummaryRow & { n: number; unread: number; participants: string[]; total: number }>`
    WITH t AS (
      SELECT thread_id, max(received_at) AS last, count(*) AS n, count(*) FILTER (WHERE NOT seen) AS unread
      FROM mail_entries WHERE folder_id = ${o.folderId}
      GROUP BY thread_id
    ), page AS (
      SELECT *, count(*) OVER () AS total FROM t ORDER BY last DESC LIMIT ${o.limit} OFFSET ${o.offset}
    )
    SELECT DISTINCT ON (page.last, page.thread_id)
      e.id, e.mailbox_id, e.folder_id, e.thread_id, e.seen, e.flagged, e.answered, e.received_at, e.size,
      m.subject, m.snippet, m.from_address, m.from_name, m.to_list, m.has_attachments,
      page.n, page.unread, page.total,
      (SELECT array_agg(DISTINCT CASE WHEN mm.from_name <> '' THEN mm.from_name ELSE mm.from_address END)
         FROM mail_entries ee JOIN mail_messages mm ON mm.id = ee.message_id
         WHERE ee.folder_id = ${o.folderId} AND ee.thread_id = page.thread_id) AS participants
    FROM page
    JOIN mail_entries e ON e.folder_id = ${o.folderId} AND e.thread_id = page.thread_id AND e.received_at = page.last
    JOIN mail_messages m ON m.id = e.message_id
    ORDER BY page.last DESC, page.thread_id, e.id
  `.execute(db);
  const threads = result.rows.map((r) => ({
    ...summaryDto(r),
    count: Number(r.n),
    unreadCount: Number(r.unread),
    participants: (r.participants ?? []).slice(0, 5),
  }));
  let total = result.rows.length ? Number(result.rows[0].total) : 0;
  if (!result.rows.length && o.offset > 0) {
    const c = await db.selectFrom('mail_entries').select(sql<number>`count(DISTINCT thread_id)`.as('n')).where('folder_id', '=', o.folderId).executeTakeFirstOrThrow();
    total = Number(c.n);
  }
  return { threads, total };
}
