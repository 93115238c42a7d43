/**
 * A pg Client that sends each parameterised statement as a named prepared statement, so PostgreSQL
 * parses and plans a statement text once per connection instead of on every execution (kysely
 * sends the same few hundred texts over and over). Measured on the dispatch bench: PostgreSQL CPU
 * per issued document 9.3–9.5 → 6.6–6.7 ms, per delivery 0.24 → 0.19–0.20 ms (docs/BENCHMARKS.md).
 *
 * - Statements without parameters (BEGIN, COMMIT, DDL, migrations) stay unnamed.
 * - At most MAX_PREPARED texts are prepared per connection; texts beyond that (multi-row inserts
 *   of unusual sizes) run unnamed, so a connection's memory in the server stays bounded.
 * - A table changed under a prepared `SELECT *` makes PostgreSQL refuse the statement ("cached
 *   plan must not change result type"). That statement fails once, as any statement can; the
 *   connection then stops preparing, so the next ones succeed. Migrations run at start-up, before
 *   the server takes requests, so this happens only when another process migrates the database
 *   under a running one.
 */
import crypto from 'node:crypto';
import pg from 'pg';

const MAX_PREPARED = 2000;

export class PreparingClient extends pg.Client {
  private readonly prepared = new Set<string>();
  private preparing = true;

  // pg's query() is heavily overloaded; only the (text, values) → Promise form that kysely uses is changed.
  override query(...args: unknown[]): never {
    const [text, values, callback] = args;
    if (!this.preparing || typeof text !== 'string' || !Array.isArray(values) || values.length === 0 || callback !== undefined) {
      return (super.query as (...a: unknown[]) => never)(...args);
    }
    const name = `y${crypto.createHash('sha1').update(text).digest('base64url')}`;
    if (!this.prepared.has(name)) {
      if (this.prepared.size >= MAX_PREPARED) return (super.query as (...a: unknown[]) => never)(...args);
      this.prepared.add(name);
    }
    const result = (super.query as (config: pg.QueryConfig) => Promise<unknown>)({ name, text, values });
    return result.catch((err: { code?: string; message?: string }) => {
      if (err?.code === '0A000' && /cached plan must not change result type/.test(err.message ?? '')) this.preparing = false;
      throw err;
    }) as never;
  }
}
