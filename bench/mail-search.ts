/**
 * Benchmark: Chinese full-text search over 100,000 stored messages.
 *
 * Setup (timed and reported, not part of the search figures): the platform on the embedded
 * defaults (PGlite) or, with --postgres, a throwaway Debian PostgreSQL 15; the demo city; then
 * 100,000 messages of generated office prose (200–3,000 characters, government vocabulary, 20 %
 * with a named attachment) written through the real store transaction (storeMessages, in batches)
 * to 200 personal mailboxes and one unit mailbox (office@fgw) that gets a fifth of everything —
 * 20,000 messages, the heavy case. The gram index is then built the way a bulk import would: the
 * grams computed by the same code the indexer uses, rows loaded, GIN index created afterwards.
 * Incremental indexing speed (what the live indexer achieves per message) is measured on the last
 * --incremental messages, inserted with the index in place.
 *
 * Measured: --queries searches through the real use case (searchMessages: access check, index
 * candidates, exact substring check, summaries), half in the heavy mailbox and half in random
 * personal ones, with query kinds: government terms (4 characters), vocabulary words (2–3),
 * single characters, sender names, attachment-name fragments and Latin/digits.
 *
 * Run: npx tsx bench/mail-search.ts [--messages 100000] [--queries 400] [--incremental 2000] [--postgres]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { buildDemoCity, createLogger, ensureCityCa, loadConfig, openPlatform, principalOf, seedDirectory, type Principal } from '@yizhan/core';
import { mailDb } from '@yizhan/mail/db/tables';
import { MAIL_MIGRATIONS } from '@yizhan/mail/db/migrations';
import { createMailContext } from '@yizhan/mail/mail-context';
import { mailSettingsFrom } from '@yizhan/mail/mail-settings';
import { storeMessages, type StoreJob } from '@yizhan/mail/delivery/store-message';
import { SearchIndexer, indexRow, indexSourceColumns, type IndexSourceRow } from '@yizhan/mail/search/search-indexer';
import { searchMessages } from '@yizhan/mail/search/search-messages';
import { flags, jsonLine, machineInfo, now, percentile, printMachine, round, table } from './support/bench-kit';
import { prose, Rng, subjectLine, TERMS, vocabulary } from './support/mail-corpus';

const opts = flags({ messages: 100_000, queries: 400, incremental: 2000, postgres: false, batch: 250, keep: false });

async function main() {
  const machine = machineInfo({ postgres: opts.postgres });
  printMachine(machine);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-mail-search-'));
  const env: Record<string, string> = { YIZHAN_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  let cluster: { url: string; stop(): Promise<void> } | undefined;
  if (opts.postgres) {
    const { startPostgres } = await import('../test/support/postgres-cluster');
    cluster = await startPostgres();
    env.DATABASE_URL = cluster.url;
    env.YIZHAN_MASTER_KEY = 'cd'.repeat(32);
  }
  const config = loadConfig(env);
  const platform = await openPlatform(config, createLogger('warn'), { migrations: MAIL_MIGRATIONS });
  const timings: Record<string, number> = {};
  try {
    await ensureCityCa(platform.db, platform.masterKey);
    await seedDirectory({ db: platform.db, spec: buildDemoCity(), mailDomain: config.mailDomain, password: 'yizhan2026', actor: 'system' });
    const ctx = createMailContext(platform, mailSettingsFrom(config));
    const db = mailDb(platform.db);

    const users = await db.selectFrom('users').innerJoin('mail_mailboxes', 'mail_mailboxes.user_id', 'users.id').selectAll('users').select(['mail_mailboxes.id as box']).orderBy('users.username').limit(200).execute();
    const office = await db.selectFrom('mail_mailboxes').select(['id', 'address']).where('kind', '=', 'shared').where('agency_code', '=', 'fgw').executeTakeFirstOrThrow();
    const clerk = await db.selectFrom('users').selectAll().where('username', '=', 'linweidong').executeTakeFirstOrThrow();
    const people = await db.selectFrom('users').select(['name', 'mail_address']).orderBy('id').limit(600).execute();

    // --- load -------------------------------------------------------------------------------
    const rng = new Rng(7);
    const vocab = vocabulary(rng);
    const attachmentWords = ['项目清单', '申报表', '实施方案', '工作总结', '统计报表', '会议纪要', '汇总表', '预算表'];
    const indexQueue: string[] = [];
    let t0 = now();
    const dropIndex = async () => sql`DROP INDEX mail_search_grams`.execute(db);
    await dropIndex();
    const bulk = opts.messages - opts.incremental;
    if (bulk % opts.batch !== 0) throw new Error('--messages minus --incremental must be a multiple of --batch');
    for (let i = 0; i < opts.messages; i += opts.batch) {
      if (i === bulk) {
        timings.storeS = (now() - t0) / 1000;
        // Build the index for what is loaded, then time the rest going through the live indexer.
        await bulkIndex(db, timings);
        t0 = now();
      }
      const jobs: StoreJob[] = [];
      for (let k = i; k < Math.min(i + opts.batch, opts.messages, i >= bulk ? opts.messages : bulk); k++) {
        const from = people[rng.int(people.length)];
        const text = prose(rng, vocab, 200 + rng.int(2800));
        const subject = subjectLine(rng, vocab);
        const attachments = rng.next() < 0.2 ? [{ filename: `${rng.pick(attachmentWords)}（${2020 + rng.int(7)}年）.${rng.pick(['pdf', 'docx', 'xlsx'])}`, contentType: 'application/pdf', size: 1000, sha256: 'ab'.repeat(32), contentId: null, inline: false }] : [];
        const box = k % 5 === 0 ? office.id : users[rng.int(users.length)].box;
        jobs.push({
          rawSha256: 'ab'.repeat(32),
          rawSize: text.length * 3 + 800,
          messageId: `<bench-${k}@bench.example>`,
          inReplyTo: null,
          references: [],
          subject,
          from: { address: from.mail_address, name: from.name },
          to: [{ address: office.address, name: '' }],
          cc: [],
          replyTo: [],
          sentAt: new Date(Date.now() - (opts.messages - k) * 60_000),
          text,
          html: null,
          snippet: text.slice(0, 160),
          attachments,
          envelopeFrom: from.mail_address,
          source: 'mx',
          inbox: [box],
          remote: [],
        });
      }
      if (jobs.length === 0) continue;
      const results = await db.transaction().execute((trx) => storeMessages(trx, jobs));
      if (i < bulk) indexQueue.push(...results.map((r) => r.messageUuid));
      if ((i / opts.batch) % 40 === 0) process.stdout.write(`\r  stored ${i + jobs.length} / ${opts.messages}`);
    }
    process.stdout.write('\n');
    if (bulk >= opts.messages) {
      timings.storeS = (now() - t0) / 1000;
      await bulkIndex(db, timings);
    }
    // The last messages: the live indexer with the GIN index in place.
    const indexer = SearchIndexer.create(ctx, { poll: false });
    const ti = now();
    const incremental = await indexer.drain();
    timings.incrementalIndexS = (now() - ti) / 1000;
    await sql`ANALYZE`.execute(db);

    // --- search -----------------------------------------------------------------------------
    const kinds = ['term', 'word', 'char', 'name', 'attachment', 'latin'] as const;
    const queryOf = (kind: (typeof kinds)[number]): string => {
      switch (kind) {
        case 'term':
          return rng.pick(TERMS);
        case 'word':
          return vocab[Math.floor(Math.pow(rng.next(), 2) * vocab.length)];
        case 'char':
          return vocab[rng.int(vocab.length)][0];
        case 'name':
          return rng.pick(people).name;
        case 'attachment':
          return rng.pick(attachmentWords).slice(0, 2 + rng.int(3));
        case 'latin':
          return rng.pick(['pdf', 'xlsx', '2024', '2026年', 'fgw', 'docx']);
      }
    };
    const principalFor = (heavy: boolean): [Principal, string] => {
      if (heavy) return [principalOf(clerk), office.id];
      const u = users[rng.int(users.length)];
      const { box, ...row } = u;
      return [principalOf(row as never), box];
    };
    for (let i = 0; i < 20; i++) {
      const [p, box] = principalFor(i % 2 === 0);
      await searchMessages(ctx, { principal: p, mailboxId: box, q: queryOf(kinds[i % kinds.length]), limit: 50 });
    }
    const samples: Array<{ kind: string; heavy: boolean; ms: number; hits: number }> = [];
    for (let i = 0; i < opts.queries; i++) {
      const heavy = i % 2 === 0;
      const kind = kinds[rng.int(kinds.length)];
      const [p, box] = principalFor(heavy);
      const q = queryOf(kind);
      const t = now();
      const r = await searchMessages(ctx, { principal: p, mailboxId: box, q, limit: 50 });
      samples.push({ kind, heavy, ms: now() - t, hits: r.messages.length });
    }

    const summary = (list: typeof samples) => {
      const s = list.map((x) => x.ms).sort((a, b) => a - b);
      return [list.length, round(percentile(s, 50), 1), round(percentile(s, 95), 1), round(percentile(s, 99), 1), round(list.reduce((a, x) => a + x.hits, 0) / Math.max(1, list.length), 1)];
    };
    const counts = await db.selectFrom('mail_messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const heavyCount = await db.selectFrom('mail_entries').select((eb) => eb.fn.countAll<number>().as('n')).where('mailbox_id', '=', office.id).executeTakeFirstOrThrow();
    const size = opts.postgres
      ? null
      : await sql<{ total: string; gin: string }>`SELECT pg_size_pretty(pg_database_size(current_database())) AS total, pg_size_pretty(pg_relation_size('mail_search_grams')) AS gin`.execute(db);
    console.log();
    table(
      ['load', 'value'],
      [
        ['backend', opts.postgres ? 'PostgreSQL 15' : 'PGlite'],
        ['messages stored', Number(counts.n)],
        ['in the heavy unit mailbox', Number(heavyCount.n)],
        ['store (storeMessages, batches of ' + opts.batch + ')', `${round(timings.storeS, 1)} s (${round((opts.messages - opts.incremental) / timings.storeS, 0)} msgs/s)`],
        ['grams computed + loaded', `${round(timings.gramsS, 1)} s`],
        ['GIN index built', `${round(timings.ginBuildS, 1)} s`],
        ['live indexer, index in place', `${incremental} msgs in ${round(timings.incrementalIndexS, 1)} s (${round(incremental / timings.incrementalIndexS, 1)} msgs/s)`],
        ...(size ? [['database size / gram index', `${size.rows[0].total} / ${size.rows[0].gin}`] as [string, string]] : []),
      ],
    );
    console.log();
    table(
      ['queries', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'avg hits'],
      [
        ['all', ...summary(samples)],
        ['heavy mailbox (20k)', ...summary(samples.filter((s) => s.heavy))],
        ['personal mailboxes', ...summary(samples.filter((s) => !s.heavy))],
        ...kinds.map((k) => [k, ...summary(samples.filter((s) => s.kind === k))]),
      ],
    );
    const all = samples.map((x) => x.ms).sort((a, b) => a - b);
    jsonLine({
      bench: 'mail-search',
      backend: opts.postgres ? 'postgres' : 'pglite',
      messages: Number(counts.n),
      heavyMailbox: Number(heavyCount.n),
      queries: samples.length,
      p50Ms: round(percentile(all, 50), 1),
      p95Ms: round(percentile(all, 95), 1),
      p99Ms: round(percentile(all, 99), 1),
      storeMsgsPerS: round((opts.messages - opts.incremental) / timings.storeS, 0),
      ginBuildS: round(timings.ginBuildS, 1),
      liveIndexMsgsPerS: round(incremental / timings.incrementalIndexS, 1),
      machine,
    });
  } finally {
    await platform.close();
    await cluster?.stop();
    if (opts.keep) console.log(`data kept in ${dataDir}`);
    else fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** What a bulk import does: grams for everything queued, rows loaded, then one GIN build. */
async function bulkIndex(db: ReturnType<typeof mailDb>, timings: Record<string, number>) {
  let t = now();
  for (;;) {
    const rows = (await sql<IndexSourceRow>`SELECT ${indexSourceColumns} FROM mail_index_queue q JOIN mail_messages m ON m.id = q.message_id LIMIT 500`.execute(db)).rows;
    if (rows.length === 0) break;
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('mail_search').values(rows.map((r) => indexRow(r))).execute();
      await trx.deleteFrom('mail_index_queue').where('message_id', 'in', rows.map((r) => r.id)).execute();
    });
  }
  timings.gramsS = (now() - t) / 1000;
  t = now();
  await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL maintenance_work_mem = '256MB'`.execute(trx);
    await sql`CREATE INDEX mail_search_grams ON mail_search USING gin (grams)`.execute(trx);
  });
  timings.ginBuildS = (now() - t) / 1000;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
