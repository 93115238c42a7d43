/**
 * PGlite behind kysely's PostgresDialect. PGlite is one connection in this process, so the "pool"
 * hands out that one client to one borrower at a time: a transaction holds it from BEGIN to
 * COMMIT and nothing interleaves. (Code inside a transaction must use the transaction handle, as it
 * must on PostgreSQL too; using the outer handle there would wait for itself.)
 */
import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

type Command = PostgresQueryResult<unknown>['command'];

function commandOf(sqlText: string): Command {
  const word = /^\s*(?:with\b[\s\S]*?\)\s*)?(\w+)/i.exec(sqlText)?.[1]?.toUpperCase();
  return (['INSERT', 'UPDATE', 'DELETE', 'MERGE'].includes(word ?? '') ? word : 'SELECT') as Command;
}

export function createPglitePool(pg: PGlite): PostgresPool {
  let tail: Promise<void> = Promise.resolve();
  let release: (() => void) | null = null;

  const client = {
    async query<R>(sqlText: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
      const result = await pg.query<R>(sqlText, parameters as unknown[]);
      return {
        command: commandOf(sqlText),
        rowCount: result.affectedRows ?? result.rows.length,
        rows: result.rows,
      };
    },
    release() {
      const r = release;
      release = null;
      r?.();
    },
  } as PostgresPoolClient; // cursors (the query overload taking one argument) are not used

  return {
    async connect() {
      const previous = tail;
      let done!: () => void;
      tail = new Promise<void>((resolve) => (done = resolve));
      await previous;
      release = done;
      return client;
    },
    async end() {
      await tail;
    },
  };
}
