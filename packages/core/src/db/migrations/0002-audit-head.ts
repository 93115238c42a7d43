import { sql, type Kysely } from 'kysely';

/**
 * The audit chain's end as one row. Appending locks this row with the UPDATE that reads it (one
 * statement instead of an advisory lock plus a read of the newest entry), and the head also lets
 * verification notice entries removed from the end of the chain, which no link can show.
 */
const GENESIS_HASH = '0'.repeat(64);

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE audit_head (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    seq bigint NOT NULL,
    hash text NOT NULL
  )`.execute(db);
  // Appenders of the previous release insert without this table: keep them out while the head is read.
  await sql`LOCK TABLE audit_log IN EXCLUSIVE MODE`.execute(db);
  await sql`INSERT INTO audit_head (id, seq, hash)
    SELECT true, coalesce(max(seq), 0), coalesce((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), ${GENESIS_HASH})
    FROM audit_log`.execute(db);
}
