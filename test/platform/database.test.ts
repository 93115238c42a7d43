// The same migrations and queries on both database backends: embedded PGlite and a real PostgreSQL 15
// server (Debian's, started for this test).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { appendAudit, appendAuditEntries, openDatabase, verifyAuditChain, type Database } from '@yizhan/core';
import { startPostgres, type PostgresCluster } from '../support/postgres-cluster';

let cluster: PostgresCluster;

beforeAll(async () => {
  cluster = await startPostgres();
});
afterAll(async () => {
  await cluster?.stop();
});

const backends: Array<[string, () => Promise<Database>]> = [
  ['PGlite', () => openDatabase({ kind: 'memory' })],
  ['PostgreSQL', async () => openDatabase({ kind: 'postgres', url: await cluster.createDatabase(`t${Date.now()}${Math.floor(Math.random() * 1000)}`) })],
];

describe.each(backends)('database on %s', (_name, open) => {
  let database: Database;
  beforeAll(async () => {
    database = await open();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('applies the migrations once', async () => {
    expect(await database.migrate()).toEqual(['0001-foundation', '0002-audit-head']);
    expect(await database.migrate()).toEqual([]);
    const tables = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = 'public' order by table_name`.execute(database.db);
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['agencies', 'users', 'sessions', 'audit_log', 'audit_head', 'certificates', 'venues', 'notifications', 'settings', 'login_failures']),
    );
  });

  it('round-trips jsonb, timestamptz and counts the same way', async () => {
    const db = database.db;
    await db.insertInto('agencies').values({ code: 'city', name: '示范市', short_name: '示范市', parent_code: null, kind: 'city', doc_prefix: '', sort_order: 0, mail_address: 'office@example.gov.cn' }).execute();
    const user = await db
      .insertInto('users')
      .values({ username: 'zhangwei', name: '张伟', agency_code: 'city', roles: JSON.stringify(['clerk', 'leader']), title: '收发员', mail_address: 'zhangwei@example.gov.cn', password_hash: 'x' })
      .returningAll()
      .executeTakeFirstOrThrow();
    expect(user.roles).toEqual(['clerk', 'leader']);
    expect(user.created_at).toBeInstanceOf(Date);
    expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
    const count = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(count.n).toBe(1);
    const leaders = await db.selectFrom('users').select('username').where(sql<boolean>`roles ? 'leader'`).execute();
    expect(leaders).toEqual([{ username: 'zhangwei' }]);
  });

  it('rolls a transaction back on a unique violation and leaves nothing behind', async () => {
    const db = database.db;
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('settings').values({ key: 'k1', value: JSON.stringify(1) }).execute();
        await trx.insertInto('users').values({ username: 'zhangwei', name: '重复', agency_code: 'city', roles: '[]', title: '', mail_address: 'other@example.gov.cn', password_hash: 'x' }).execute();
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await db.selectFrom('settings').selectAll().where('key', '=', 'k1').execute()).toEqual([]);
  });

  it('keeps one unbroken audit chain under concurrent appends', async () => {
    const db = database.db;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => db.transaction().execute((trx) => appendAudit(trx, { actor: `u${i}`, action: 'test.concurrent', targetType: 't', targetId: String(i), details: { i, 中文: '测试' } }))),
    );
    const result = await verifyAuditChain(db);
    expect(result).toMatchObject({ ok: true, entries: 20 });
  });

  it('chains a batch of entries appended at once, interleaved with single appends', async () => {
    const db = database.db;
    const batch = (k: number) => Array.from({ length: 5 }, (_, i) => ({ actor: 'system', action: 'test.batch', targetType: 't', targetId: `${k}-${i}`, details: { k, i } }));
    const results = await Promise.all([
      db.transaction().execute((trx) => appendAuditEntries(trx, batch(1))),
      db.transaction().execute((trx) => appendAudit(trx, { actor: 'u', action: 'test.single', targetType: 't', targetId: 'single' })),
      db.transaction().execute((trx) => appendAuditEntries(trx, batch(2))),
    ]);
    // consecutive numbers within each batch
    for (const r of [results[0], results[2]]) expect(r.map((e) => e.seq)).toEqual(r.map((_, i) => r[0].seq + i));
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, entries: 31 });
    // a batch rolled back leaves no entry behind
    await expect(
      db.transaction().execute(async (trx) => {
        await appendAuditEntries(trx, batch(3));
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, entries: 31 });
    // the head this process predicted from the rolled-back batch is wrong: the next append notices and still chains
    await db.transaction().execute((trx) => appendAudit(trx, { actor: 'u', action: 'test.after-rollback', targetType: 't', targetId: 'z' }));
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, entries: 32 });
  });

  it('lets a transaction append twice while another waits for the head (no wait on itself)', async () => {
    const db = database.db;
    const { entries } = await verifyAuditChain(db);
    let firstDone!: () => void;
    const first = new Promise<void>((resolve) => (firstDone = resolve));
    const twice = db.transaction().execute(async (trx) => {
      await appendAudit(trx, { actor: 'a', action: 'test.twice', targetType: 't', targetId: '1' });
      firstDone();
      await new Promise((resolve) => setTimeout(resolve, 50)); // the other append is waiting now
      await appendAudit(trx, { actor: 'a', action: 'test.twice', targetType: 't', targetId: '2' });
    });
    await first;
    const waiting = db.transaction().execute((trx) => appendAudit(trx, { actor: 'b', action: 'test.waiting', targetType: 't', targetId: '3' }));
    await Promise.all([twice, waiting]);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, entries: entries + 3 });
  });

  it('chains correctly when another process appends in between (its own predicted head)', async () => {
    const db = database.db;
    // A second instance of the module stands for a second server process on the same database.
    const specifier = '../../packages/core/src/audit/append-audit.ts?second-process';
    const other = (await import(/* @vite-ignore */ specifier)) as typeof import('../../packages/core/src/audit/append-audit');
    expect(other.appendAuditEntries).not.toBe(appendAuditEntries);
    const { entries } = await verifyAuditChain(db);
    for (let round = 0; round < 3; round++) {
      await Promise.all([
        db.transaction().execute((trx) => appendAudit(trx, { actor: 'a', action: 'test.two-processes', targetType: 't', targetId: `a${round}` })),
        db.transaction().execute((trx) => other.appendAuditEntries(trx, [1, 2].map((i) => ({ actor: 'b', action: 'test.two-processes', targetType: 't', targetId: `b${round}-${i}` })))),
      ]);
    }
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, entries: entries + 9 });
  });

  it('builds the chain head from a chain written before the head existed (migration 0002)', async () => {
    const db = database.db;
    const { entries } = await verifyAuditChain(db);
    await sql`DROP TABLE audit_head`.execute(db);
    await sql`DELETE FROM kysely_migration WHERE name = '0002-audit-head'`.execute(db);
    expect(await database.migrate()).toEqual(['0002-audit-head']);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, entries });
    await db.transaction().execute((trx) => appendAudit(trx, { actor: 'u', action: 'test.after-migration', targetType: 't', targetId: 'y' }));
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, entries: entries + 1 });
  });

  it('notices entries cut off the end of the chain, which no link shows', async () => {
    const db = database.db;
    const before = await verifyAuditChain(db);
    expect(before.ok).toBe(true);
    const last = before.entries;
    await db.deleteFrom('audit_log').where('seq', '>=', last - 1).execute();
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, entries: last - 2, brokenAt: last - 1 });
    // the next append continues after the head, not after the shortened table: the gap stays visible
    const [next] = await db.transaction().execute((trx) => appendAuditEntries(trx, [{ actor: 'u', action: 'test.after-cut', targetType: 't', targetId: 'x' }]));
    expect(next.seq).toBe(last + 1);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: last - 1 });
  });
});

describe('PostgreSQL connections prepare the statements they run', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ kind: 'postgres', url: await cluster.createDatabase(`prep${Date.now()}`) });
    await database.migrate();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('parses a parameterised text once per connection and keeps working after the table changes', async () => {
    await database.db.connection().execute(async (conn) => {
      await sql`CREATE TABLE prep_probe (id int PRIMARY KEY, name text)`.execute(conn);
      await sql`INSERT INTO prep_probe VALUES (1, '甲'), (2, '乙')`.execute(conn);
      const read = () => sql<{ id: number; name: string }>`SELECT * FROM prep_probe WHERE id = ${2}`.execute(conn);
      expect((await read()).rows).toEqual([{ id: 2, name: '乙' }]);
      expect((await read()).rows).toEqual([{ id: 2, name: '乙' }]);
      const prepared = await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements WHERE statement LIKE ${'%prep_probe%'} AND statement NOT LIKE ${'%pg_prepared_statements%'}`.execute(conn);
      expect(prepared.rows).toHaveLength(1);
      // Another process migrates under this one: the prepared SELECT * now returns another row type.
      await sql`ALTER TABLE prep_probe ADD COLUMN note text`.execute(conn);
      await expect(read()).rejects.toMatchObject({ code: '0A000' });
      expect((await read()).rows).toEqual([{ id: 2, name: '乙', note: null }]);
    });
  });
});
