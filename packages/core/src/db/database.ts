/**
 * The database: PGlite (embedded, under the data dir) or PostgreSQL (DATABASE_URL), chosen once at
 * start-up. Both run the same kysely queries and the same migrations.
 */
import fs from 'node:fs';
import { Kysely, Migrator, PostgresDialect, sql, type Migration, type MigrationProvider } from 'kysely';
import type { Logger } from '../log/logger';
import type { DB } from './schema';
import { MIGRATIONS } from './migrations/index';
import { createPglitePool } from './pglite-pool';

export type DatabaseConfig = { kind: 'pglite'; dir: string } | { kind: 'postgres'; url: string } | { kind: 'memory' };

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Kysely<DB>;
  /** Runs pending migrations; returns the names it applied. */
  migrate(): Promise<string[]>;
  check(): Promise<void>;
  close(): Promise<void>;
}

export async function openDatabase(config: DatabaseConfig, log?: Logger, extraMigrations: Record<string, Migration> = {}): Promise<Database> {
  let db: Kysely<DB>;
  let kind: Database['kind'];
  let closeBackend: () => Promise<void>;
  if (config.kind === 'postgres') {
    const pg = await import('pg');
    // int8 (counts, bigserial) as numbers, as PGlite returns them; our values stay far below 2^53.
    pg.default.types.setTypeParser(20, (v: string) => Number(v));
    pg.default.types.setTypeParser(1700, (v: string) => Number(v));
    const { PreparingClient } = await import('./preparing-pg-client');
    const pool = new pg.default.Pool({ connectionString: config.url, max: 10, Client: PreparingClient });
    pool.on('error', (err) => log?.error({ err }, 'postgres pool error'));
    db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    kind = 'postgres';
    closeBackend = async () => {};
  } else {
    const { PGlite } = await import('@electric-sql/pglite');
    let dataDir: string | undefined;
    if (config.kind === 'pglite') {
      fs.mkdirSync(config.dir, { recursive: true });
      dataDir = config.dir;
    }
    const pg = await PGlite.create(dataDir);
    db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: createPglitePool(pg) }) });
    kind = 'pglite';
    closeBackend = () => pg.close();
  }

  let closed = false;
  return {
    kind,
    db,
    async migrate() {
      for (const name of Object.keys(extraMigrations)) if (name in MIGRATIONS) throw new Error(`migration ${name} defined twice`);
      const all = { ...MIGRATIONS, ...extraMigrations }; // kysely runs them in name order
      const provider: MigrationProvider = { getMigrations: async () => all };
      // Each package numbers its migrations in its own range (core 00xx, docexchange 01xx, mail 02xx,
      // …), so a database made by an older release may lack one that sorts before others it has.
      const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
      const { error, results } = await migrator.migrateToLatest();
      if (error) throw error instanceof Error ? error : new Error(String(error));
      const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
      if (applied.length) log?.info({ applied, kind }, 'database migrated');
      return applied;
    },
    async check() {
      await sql`select 1`.execute(db);
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      await closeBackend();
    },
  };
}
