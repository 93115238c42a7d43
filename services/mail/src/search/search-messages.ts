/**
 * Chinese full-text search in one mailbox (subject, people, attachment names, body): candidates
 * from the gram index, newest first, then an exact substring check on the normalised text; plus
 * the few messages the indexer has not reached yet, checked directly. 已删除 is left out unless
 * searched on its own.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Principal } from '@yizhan/core';
import type { SearchResult } from '@yizhan/protocol';
import type { MailContext } from '../mail-context';
import { requireMailbox } from '../mailbox/mailbox-access';
import { loadSummaries } from '../mailbox/message-summary';
import { queryGrams } from './search-grams';
import { intArray, searchTextSql } from './search-indexer';

/** Index candidates checked exactly per query; beyond this, older matches are not returned. */
const MAX_CANDIDATES = 2000;

export interface SearchOptions {
  principal: Principal;
  mailboxId: string;
  q: string;
  folderId?: string;
  limit: number;
}

export async function searchMessages(ctx: MailContext, o: SearchOptions): Promise<SearchResult> {
  const started = performance.now();
  const { db } = ctx;
  await requireMailbox(db, o.principal, o.mailboxId);
  const { terms, grams } = queryGrams(o.q);
  if (terms.length === 0 || grams.length === 0) return { messages: [], pendingIndex: 0, tookMs: 0 };

  const folderFilter = o.folderId
    ? sql`AND e.folder_id = ${o.folderId}`
    : sql`AND e.folder_id NOT IN (SELECT id FROM mail_folders WHERE mailbox_id = ${o.mailboxId} AND role = 'trash')`;
  const textMatch = (text: RawBuilder<unknown>) =>
    sql.join(
      terms.map((t) => sql`strpos(${text}, ${t}) > 0`),
      sql` AND `,
    );

  const indexed = await sql<{ id: string; received_at: Date }>`
    WITH cand AS MATERIALIZED (
      SELECT e.id, e.message_id, e.received_at FROM mail_entries e
      WHERE e.mailbox_id = ${o.mailboxId} ${folderFilter}
        AND e.message_id IN (SELECT s.message_id FROM mail_search s WHERE s.grams @> ${intArray(grams)})
      ORDER BY e.received_at DESC
      LIMIT ${MAX_CANDIDATES}
    )
    SELECT cand.id, cand.received_at FROM cand JOIN mail_search s ON s.message_id = cand.message_id
    WHERE ${textMatch(sql`s.search_text`)}
    ORDER BY cand.received_at DESC
    LIMIT ${o.limit}
  `.execute(db);

  const pending = await sql<{ id: string; received_at: Date; n: number }>`
    SELECT e.id, e.received_at, count(*) OVER () AS n FROM mail_index_queue q
    JOIN mail_entries e ON e.message_id = q.message_id AND e.mailbox_id = ${o.mailboxId} ${folderFilter}
    JOIN mail_messages m ON m.id = q.message_id
    WHERE ${textMatch(searchTextSql)}
    ORDER BY e.received_at DESC
    LIMIT ${o.limit}
  `.execute(db);
  const queued = await db.selectFrom('mail_index_queue').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();

  const merged = [...indexed.rows, ...pending.rows]
    .sort((a, b) => new Date(b.received_at).getTime() - new Date(a.received_at).getTime())
    .slice(0, o.limit)
    .map((r) => r.id);
  const messages = await loadSummaries(db, [...new Set(merged)]);
  return { messages, pendingIndex: Number(queued.n), tookMs: Math.round((performance.now() - started) * 10) / 10 };
}
