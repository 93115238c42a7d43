/**
 * Builds the full-text index behind ingest: a message is stored and visible at once, and its grams
 * reach the GIN index a moment later (GIN insertion costs milliseconds per message — too much to
 * pay before answering 250 at hundreds of messages a second). The indexer works when ingest has
 * been quiet for a moment; under a steady stream it still takes a small batch now and then, so the
 * backlog cannot grow without bound. Search reads the not-yet-indexed messages directly, so
 * nothing is missed meanwhile.
 */
import { sql } from 'kysely';
import type { MailContext } from '../mail-context';
import type { AddressJson } from '../db/tables';
import { searchTextFrom } from '../delivery/parse-message';
import { documentGrams } from './search-grams';

/** Ingest counts as quiet after this long without a write. */
const QUIET_MS = 1_000;
/** Under continuous ingest, a small batch goes in after this long anyway. */
const MAX_WAIT_MS = 5_000;
const BUSY_BATCH = 4;

export class SearchIndexer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;
  private paused = false;

  private constructor(private readonly ctx: MailContext) {}

  static create(ctx: MailContext, opts: { poll?: boolean } = {}): SearchIndexer {
    const indexer = new SearchIndexer(ctx);
    if (opts.poll !== false) {
      indexer.timer = setInterval(() => indexer.kick(), 10_000);
      indexer.timer.unref();
      indexer.kick();
    }
    return indexer;
  }

  /** Holds indexing back (bulk loads, benchmarks of ingest alone) until resume(). */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.kick();
  }

  kick(): void {
    if (this.closed || this.paused) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        for (;;) {
          if (this.closed || this.paused) return;
          // Ingest first: wait for a quiet moment, but not forever.
          const waitStart = performance.now();
          while (!this.closed && performance.now() - waitStart < MAX_WAIT_MS && (this.ctx.writer.pending > 0 || performance.now() - this.ctx.writer.lastWriteAt < QUIET_MS)) {
            await new Promise((r) => setTimeout(r, QUIET_MS / 2));
          }
          const busy = this.ctx.writer.pending > 0;
          if ((await this.runOnce(busy ? BUSY_BATCH : this.ctx.settings.indexBatch)) === 0) break;
          await new Promise((r) => setImmediate(r));
        }
      } catch (err) {
        this.ctx.log.error({ err }, 'search indexing failed');
      }
    } while (this.again && !this.closed);
  }

  /** Indexes one batch; returns how many messages it indexed. */
  async runOnce(batch = this.ctx.settings.indexBatch): Promise<number> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const rows = (
        await sql<IndexSourceRow>`
          SELECT ${indexSourceColumns} FROM mail_index_queue q JOIN mail_messages m ON m.id = q.message_id
          ORDER BY q.queued_at LIMIT ${batch} FOR UPDATE SKIP LOCKED`.execute(trx)
      ).rows;
      if (rows.length === 0) return 0;
      await trx
        .insertInto('mail_search')
        .values(rows.map((r) => indexRow(r)))
        .onConflict((oc) => oc.column('message_id').doUpdateSet((eb) => ({ grams: eb.ref('excluded.grams'), search_text: eb.ref('excluded.search_text') })))
        .execute();
      await trx.deleteFrom('mail_index_queue').where('message_id', 'in', rows.map((r) => r.id)).execute();
      return rows.length;
    });
  }

  /** Runs until the queue is empty (benchmarks and tests). */
  async drain(): Promise<number> {
    let total = 0;
    for (let n = await this.runOnce(); n > 0; n = await this.runOnce()) total += n;
    return total;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}

/** An int4[] parameter both drivers (pg and PGlite) pass the same way: as its text literal. */
export function intArray(values: number[]) {
  return sql<number[]>`${`{${values.join(',')}}`}::int4[]`;
}

/** What the indexer reads of a message (`m`) to derive its search text. */
export interface IndexSourceRow {
  id: string;
  subject: string;
  from_name: string;
  from_address: string;
  to_list: AddressJson[];
  cc_list: AddressJson[];
  attachment_names: string[] | null;
  text_body: string;
}

export const indexSourceColumns = sql`m.id, m.subject, m.from_name, m.from_address, m.to_list, m.cc_list, m.text_body,
  (SELECT array_agg(a.filename ORDER BY a.idx) FROM mail_attachments a WHERE a.message_id = m.id AND NOT a.inline) AS attachment_names`;

/** The mail_search row of a message: its normalised search text and that text's grams. */
export function indexRow(r: IndexSourceRow) {
  const searchText = searchTextFrom({ subject: r.subject, people: [{ name: r.from_name, address: r.from_address }, ...r.to_list, ...r.cc_list], attachmentNames: r.attachment_names ?? [], text: r.text_body });
  return { message_id: r.id, grams: intArray(documentGrams(searchText)), search_text: searchText };
}

/**
 * The search text of a stored message computed in SQL (for the few messages the indexer has not
 * reached yet). The same parts as searchTextFrom, NFKC-normalised and lower-cased; whitespace is
 * not collapsed, which cannot matter because query terms never contain whitespace.
 */
export const searchTextSql = sql`lower(normalize(concat_ws(' ', m.subject, m.from_name, m.from_address,
  (SELECT string_agg(concat_ws(' ', x->>'name', x->>'address'), ' ') FROM jsonb_array_elements(m.to_list || m.cc_list) x),
  (SELECT string_agg(a.filename, ' ') FROM mail_attachments a WHERE a.message_id = m.id AND NOT a.inline),
  m.text_body), NFKC))`;
