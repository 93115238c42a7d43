/**
 * Benchmark: end-to-end dispatch of documents on PostgreSQL — by default 1,000 documents from one
 * agency to the same 20 recipient agencies (20,000 deliveries) — through the real use cases and
 * the real dispatcher, then a check that nothing was lost or duplicated.
 *
 * Setup (not timed): a throwaway Debian PostgreSQL (test/support/postgres-cluster.ts), the whole
 * server started in this process with DATABASE_URL + YIZHAN_MASTER_KEY (so the docexchange module
 * runs its migrations and its outbox dispatcher, the demo city is seeded), and the 21 agency seal
 * certificates issued up front (one RSA key generation each).
 *
 * Each document: createDraft (clerk) → submitDraft (to the agency's leader) → approveDocument
 * (leader), which numbers the document and runs completeIssuance: GB/T 9704 layout, seal + PAdES
 * signature, exchange package with signed manifest, one CMS envelope for the 20 recipients, blobs,
 * deliveries + outbox rows. The dispatcher (the server's own) then delivers each outbox row
 * (status, deadline, 'delivery.delivered' audit entry and clerk notifications, one transaction per
 * batch). `--concurrency C` issuing pipelines run at once (several clerks/leaders at work).
 *
 * Modes (--mode):
 *   phased      issuance first with the outbox held back (the bench sets the column default of
 *               doc_outbox.available_at to the far future for this database only — no code is
 *               changed), then released in one go: documents/s of issuance alone and deliveries/s
 *               of the dispatcher alone.
 *   concurrent  as in production: the dispatcher is kicked by every issuance and delivers while
 *               documents are still being issued: end-to-end documents/s.
 *   both        (default) phased, then concurrent on a fresh database.
 *
 * Checks after each run (reported, not asserted): exactly docs×recipients deliveries, all
 * 'delivered'; each with exactly one 'delivery.delivered' audit entry and no stray ones; no row
 * left in the outbox (done rows are deleted); every document 'dispatched' with gap-free numbers 1..N; verifyAuditChain ok.
 * Also sampled every 100 ms: PostgreSQL backends waiting on a lock (audit = waiting for the
 * audit chain's head row, whose row lock orders the hash chain), and CPU seconds used by this Node process and by the PostgreSQL cluster; SQL
 * statements sent per document and per delivery (pg.Client.prototype.query wrapped in this process).
 *
 * Run:   npx tsx bench/docexchange-dispatch.ts [--docs 1000] [--recipients 20] [--concurrency 2]
 *                                              [--mode both|phased|concurrent] [--fsync] [--unix-socket] [--timeout-s 3600]
 *                                              [--cpu-profile DIR] [--breakdown 20]
 * --breakdown K (after the last run, 0 to skip) times the stages of completeIssuance one by one,
 * K times each, by calling the same library functions in the same order on the same inputs:
 * layout, seal drawing, PAdES signature, package, recipient certificates, envelope, blobs.
 * --unix-socket connects the server to PostgreSQL over its Unix-domain socket instead of TCP.
 * --fsync runs PostgreSQL with fsync on (startPostgres({ fsync: true })); by default the test
 * cluster of test/support runs with fsync=off.
 * --cpu-profile DIR writes V8 CPU profiles of the measured phases only (MODE-issuance.cpuprofile,
 * MODE-dispatch.cpuprofile, or MODE-end-to-end.cpuprofile) into DIR; summarise them with
 *          npx tsx bench/support/cpuprofile-summary.ts DIR/phased-issuance.cpuprofile
 * Output: tables, then one JSON line. No assertions: read the numbers.
 */
import { randomBytes } from 'node:crypto';
import { Session } from 'node:inspector/promises';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import {
  createLogger,
  ensureAgencyCertificate,
  loadConfig,
  principalOf,
  verifyAuditChain,
  type Platform,
  type Principal,
  type ServiceModule,
} from '@yizhan/core';
import { docContext, type Dispatcher } from '@yizhan/docexchange';
import type { DocContext } from '@yizhan/docexchange/context';
import { createDraft } from '@yizhan/docexchange/documents/draft-documents';
import { submitDraft } from '@yizhan/docexchange/documents/submit-draft';
import { approveDocument } from '@yizhan/docexchange/documents/approve-document';
import { plainToRichText, richTextToBlocks } from '@yizhan/docexchange/documents/rich-text';
import { chinaDateText } from '@yizhan/docexchange/documents/numbering';
import { buildOfficialDocument } from '@yizhan/docexchange/layout/index';
import { drawAgencySeal, embedSealFont, signNewPdf } from '@yizhan/docexchange/seal/index';
import { buildExchangePackage, sealExchangePackage } from '@yizhan/docexchange/exchange/index';
import { agencySigner, recipientCertificates } from '@yizhan/docexchange/pki-access';
import { startServer, type RunningServer } from '../services/server/src/server';
import { SERVICE_MODULES } from '../services/server/src/modules';
import { startPostgres, type PostgresCluster } from '../test/support/postgres-cluster';
import { flags, jsonLine, loadNow, machineInfo, now, printMachine, round, stats, table, type Stats } from './support/bench-kit';

const opt = flags({ docs: 1000, recipients: 20, concurrency: 2, mode: 'both', fsync: false, timeoutS: 3600, sender: 'fgw', cpuProfile: '', breakdown: 20, unixSocket: false });
if (!['both', 'phased', 'concurrent'].includes(opt.mode)) throw new Error('--mode is both, phased or concurrent');

/**
 * SQL statements sent by the platform's pg clients (this process), counted by wrapping
 * pg.Client.prototype.query once; the bench's own side connection is left out. Not a code change:
 * the wrapper lives in this process only.
 */
const uncounted = new WeakSet<object>();
let statements = 0;
{
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: object, ...args: unknown[]) {
    if (!uncounted.has(this)) statements++;
    return original.apply(this, args);
  };
}
function statementCount(): number {
  return statements;
}

const BODY = [
  '# 一、总体要求',
  '为贯彻落实市委、市政府关于加快数字政府建设的决策部署，进一步提升公文交换的规范化、电子化水平，现就有关事项通知如下。',
  '## （一）工作目标',
  '到年底前，全市各级机关非涉密公文全部实现网上交换，做到发文规范、传输安全、签收及时、归档完整。',
  '# 二、主要任务',
  '各单位要明确收发员，及时签收来文；对特急、加急公文要按时办理，逾期未签收的，由市政府办公室统一催办。',
  '各单位要加强电子印章和数字证书管理，严禁将印章证书转借他人使用。',
  '# 三、保障措施',
  '各单位要高度重视，加强组织领导，确保各项工作落到实处。执行中遇到的问题，请及时与市政府办公室联系。',
].join('\n');

interface RunResult {
  mode: 'phased' | 'concurrent';
  docs: number;
  recipients: number;
  deliveries: number;
  concurrency: number;
  issuance: { wallS: number; docsPerSec: number; steps: Record<string, Stats> };
  dispatch: { wallS: number; deliveriesPerSec: number; note: string };
  endToEnd: { wallS: number; docsPerSec: number; deliveriesPerSec: number };
  cpu: {
    nodeS: number;
    postgresS: number;
    wallS: number;
    issuance?: { nodeMsPerDoc: number; postgresMsPerDoc: number; statementsPerDoc: number };
    dispatch?: { nodeMsPerDelivery: number; postgresMsPerDelivery: number; statementsPerDelivery: number };
  };
  locks: { samples: number; auditWaitShare: number; meanAuditWaiters: number; otherLockWaitShare: number };
  checks: Record<string, boolean | number | string>;
  load: { before: number[]; after: number[] };
  certSetupS: number;
  stages?: Record<string, Stats>;
}

const machine = machineInfo({ postgres: true });
console.log(
  `== docexchange-dispatch: ${opt.docs} documents × ${opt.recipients} recipients on PostgreSQL, mode ${opt.mode}, ${opt.concurrency} issuing pipelines`,
);
printMachine(machine);

const cluster = await startPostgres({ fsync: opt.fsync });
await showFsync(cluster);
const results: RunResult[] = [];
try {
  const modes = opt.mode === 'both' ? (['phased', 'concurrent'] as const) : ([opt.mode] as Array<'phased' | 'concurrent'>);
  for (const [i, mode] of modes.entries())
    results.push(await runOnce(cluster, mode, `bench_${mode}_${Date.now()}`, i === modes.length - 1 ? opt.breakdown : 0));
} finally {
  await cluster.stop();
}

for (const r of results) {
  console.log(
    `\n-- ${r.mode}: ${r.docs} documents × ${r.recipients} recipients = ${r.deliveries} deliveries, ${r.concurrency} pipelines (load ${r.load.before.join(' ')} → ${r.load.after.join(' ')})`,
  );
  table(
    ['phase', 'wall s', 'rate', 'unit'],
    [
      ['issuance (draft → submit → approve: number, layout, seal, encrypt, queue)', r.issuance.wallS, r.issuance.docsPerSec, 'documents/s'],
      [`dispatch (${r.dispatch.note})`, r.dispatch.wallS, r.dispatch.deliveriesPerSec, 'deliveries/s'],
      ['end to end (first draft → last delivery)', r.endToEnd.wallS, r.endToEnd.docsPerSec, 'documents/s'],
      ['', '', r.endToEnd.deliveriesPerSec, 'deliveries/s'],
    ],
  );
  table(
    ['use case (per document)', 'n', 'median ms', 'p95 ms', 'max ms'],
    Object.entries(r.issuance.steps).map(([k, s]) => [k, s.n, s.medianMs, s.p95Ms, s.maxMs]),
  );
  console.log(
    `cpu: node ${r.cpu.nodeS} s, postgres ${r.cpu.postgresS} s over ${r.cpu.wallS} s wall (${round((r.cpu.nodeS + r.cpu.postgresS) / r.cpu.wallS, 2)} of ${machine.nproc} cores busy); ` +
      `lock waits: audit chain head in ${pct(r.locks.auditWaitShare)} of ${r.locks.samples} samples (mean ${r.locks.meanAuditWaiters} waiting), other locks ${pct(r.locks.otherLockWaitShare)}`,
  );
  if (r.cpu.issuance && r.cpu.dispatch) {
    const perDoc = r.cpu.issuance.nodeMsPerDoc + r.cpu.issuance.postgresMsPerDoc;
    console.log(
      `cpu per unit: issuance ${r.cpu.issuance.nodeMsPerDoc} ms node + ${r.cpu.issuance.postgresMsPerDoc} ms postgres and ${r.cpu.issuance.statementsPerDoc} SQL statements per document ` +
        `(ceiling on an idle machine ≈ ${round(1000 / r.cpu.issuance.nodeMsPerDoc, 1)} documents/s for one Node process, ${round((machine.nproc * 1000) / perDoc, 1)}/s if all ${machine.nproc} cores issued); ` +
        `dispatch ${r.cpu.dispatch.nodeMsPerDelivery} ms node + ${r.cpu.dispatch.postgresMsPerDelivery} ms postgres and ${r.cpu.dispatch.statementsPerDelivery} SQL statements per delivery`,
    );
  }
  table(
    ['check', 'result'],
    Object.entries(r.checks).map(([k, v]) => [k, String(v)]),
  );
  if (r.stages) {
    const total = Object.values(r.stages).reduce((a, s) => a + s.medianMs, 0);
    console.log(
      `\nstages of completeIssuance, one document at a time (idle pipeline; ${Object.values(r.stages)[0].n} runs each; sum of medians ${round(total, 1)} ms):`,
    );
    table(
      ['stage', 'median ms', 'p95 ms', 'share'],
      Object.entries(r.stages).map(([k, s]) => [k, s.medianMs, s.p95Ms, pct(s.medianMs / total)]),
    );
  }
}
const phased = results.find((r) => r.mode === 'phased');
const concurrent = results.find((r) => r.mode === 'concurrent');
console.log('');
table(
  ['target', 'measured', 'met'],
  [
    ...(phased ? [['≥ 50 documents/s issuance (phased)', `${phased.issuance.docsPerSec}/s`, phased.issuance.docsPerSec >= 50 ? 'yes' : 'no']] : []),
    ...(concurrent
      ? [['≥ 50 documents/s end to end (concurrent)', `${concurrent.endToEnd.docsPerSec}/s`, concurrent.endToEnd.docsPerSec >= 50 ? 'yes' : 'no']]
      : []),
    [
      '0 lost / duplicated',
      results.every((r) => r.checks.allGood === true) ? 'none lost or duplicated' : 'SEE CHECKS',
      results.every((r) => r.checks.allGood === true) ? 'yes' : 'no',
    ],
  ],
);
jsonLine({ bench: 'docexchange-dispatch', machine, options: opt, results });
process.exit(0); // pg pools and timers of the closed server must not keep the process alive

// ---------------------------------------------------------------------------------------------

async function runOnce(cluster: PostgresCluster, mode: 'phased' | 'concurrent', dbName: string, breakdown: number): Promise<RunResult> {
  const tcpUrl = await cluster.createDatabase(dbName);
  // --unix-socket: the server reaches PostgreSQL on the same host through its Unix-domain socket
  // (Debian's default local setup) instead of TCP on 127.0.0.1.
  const url = opt.unixSocket ? `postgres://yizhan@/${dbName}?host=${encodeURIComponent(cluster.socketDir)}&port=${cluster.port}` : tcpUrl;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-bench-dispatch-'));
  const env = {
    YIZHAN_DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATABASE_URL: url,
    YIZHAN_MASTER_KEY: randomBytes(32).toString('hex'),
  };
  const config = loadConfig(env);
  // The server's own dispatcher, captured so the use cases here wake it as the HTTP routes do.
  let dispatcher: Dispatcher | undefined;
  const modules: ServiceModule[] = SERVICE_MODULES.map((m) =>
    m.name !== 'docexchange'
      ? m
      : {
          ...m,
          async start(args) {
            const service = await m.start(args);
            dispatcher = (service as unknown as { dispatcher: Dispatcher }).dispatcher;
            return service;
          },
        },
  );
  console.log(`\n[${mode}] starting the server on ${url.replace(/\/\/[^@]*@/, '//')} …`);
  const server: RunningServer = await startServer(config, createLogger(config.logLevel), { modules });
  const side = new pg.Client({ connectionString: url });
  uncounted.add(side);
  await side.connect();
  try {
    if (!dispatcher) throw new Error('the docexchange module did not start a dispatcher');
    const d = dispatcher;
    const platform = server.platform;
    const ctx = docContext(platform, () => d.kick());
    const { clerk, leader, recipients } = await pickPeople(ctx, opt.sender, opt.recipients);

    // 21 agency certificates up front (not part of the measurement).
    const tc = now();
    for (const code of [opt.sender, ...recipients])
      await ensureAgencyCertificate({ db: platform.db, masterKey: platform.masterKey, agencyCode: code, actor: 'system' });
    const certSetupS = round((now() - tc) / 1000, 2);
    console.log(
      `[${mode}] ${recipients.length + 1} agency certificates issued in ${certSetupS} s; sender ${opt.sender} (${clerk.username} → ${leader.username}); recipients ${recipients.join(',')}`,
    );

    // One warm-up document (JIT, font loading, prepared plans), then the counters start from zero.
    await issueOne(ctx, clerk, leader, recipients, 0, { draft: [], submit: [], approve: [], total: [] });
    await waitDelivered(platform, recipients.length, 60, () => d.kick());

    if (mode === 'phased') await sql`ALTER TABLE doc_outbox ALTER COLUMN available_at SET DEFAULT now() + interval '100 years'`.execute(platform.db);
    const baseline = await counts(platform);
    const expected = baseline.deliveries + opt.docs * recipients.length;

    const sampler = startSampler(side);
    const loadBefore = loadNow();
    const cpu0 = { node: process.cpuUsage(), pg: await postgresCpuSeconds(side), statements: statementCount() };
    const steps = { draft: [] as number[], submit: [] as number[], approve: [] as number[], total: [] as number[] };
    const profiler = await startProfiler();
    const t0 = now();
    let next = 1;
    let progressAt = now();
    await Promise.all(
      Array.from({ length: Math.max(1, opt.concurrency) }, async () => {
        while (next <= opt.docs) {
          const i = next++;
          await issueOne(ctx, clerk, leader, recipients, i, steps);
          if (now() - progressAt > 10_000) {
            progressAt = now();
            console.log(`[${mode}] ${i}/${opt.docs} issued after ${round((now() - t0) / 1000, 1)} s`);
          }
        }
      }),
    );
    const tIssued = now();
    const cpuIssued = { node: process.cpuUsage(cpu0.node), pg: (await postgresCpuSeconds(side)) - cpu0.pg, statements: statementCount() - cpu0.statements };
    console.log(`[${mode}] issuance done: ${opt.docs} documents in ${round((tIssued - t0) / 1000, 2)} s`);

    let tDispatchStart = tIssued;
    if (mode === 'phased') {
      await profiler.save(`${mode}-issuance`);
      await profiler.restart();
      await sql`ALTER TABLE doc_outbox ALTER COLUMN available_at SET DEFAULT now()`.execute(platform.db);
      tDispatchStart = now();
      await sql`UPDATE doc_outbox SET available_at = now() WHERE done_at IS NULL`.execute(platform.db);
      d.kick();
    }
    await waitDelivered(
      platform,
      expected,
      opt.timeoutS,
      () => d.kick(),
      (n) => console.log(`[${mode}] ${n - baseline.deliveries}/${expected - baseline.deliveries} delivered after ${round((now() - t0) / 1000, 1)} s`),
    );
    await d.idle();
    const tDone = now();
    await profiler.save(mode === 'phased' ? `${mode}-dispatch` : `${mode}-end-to-end`);
    const cpuNode = process.cpuUsage(cpu0.node);
    const statementsAll = statementCount() - cpu0.statements;
    const pgCpu = (await postgresCpuSeconds(side)) - cpu0.pg;
    const locks = await sampler.stop();
    const loadAfter = loadNow();

    // Dispatch rate in concurrent mode: from the first to the last delivery of the measured documents (DB timestamps).
    const window = await sql<{ first: Date; last: Date }>`
      SELECT min(dl.delivered_at) AS first, max(dl.delivered_at) AS last
      FROM deliveries dl JOIN documents d ON d.id = dl.document_id WHERE d.doc_seq > 1`.execute(platform.db);
    const measured = opt.docs * recipients.length;
    const dispatchS =
      mode === 'phased' ? (tDone - tDispatchStart) / 1000 : (new Date(window.rows[0].last).getTime() - new Date(window.rows[0].first).getTime()) / 1000;
    const backlogAfterIssuance = mode === 'concurrent' ? `${round((tDone - tIssued) / 1000, 2)} s after the last issuance` : '';

    console.log(`[${mode}] all delivered; checking …`);
    const checks = await verify(platform, opt.docs + 1, recipients.length);
    const endS = (tDone - t0) / 1000;
    const stages = breakdown > 0 ? await stageBreakdown(ctx, opt.sender, recipients, breakdown) : undefined;
    return {
      mode,
      docs: opt.docs,
      recipients: recipients.length,
      deliveries: measured,
      concurrency: opt.concurrency,
      issuance: {
        wallS: round((tIssued - t0) / 1000, 2),
        docsPerSec: round(opt.docs / ((tIssued - t0) / 1000), 1),
        steps: {
          createDraft: stats(steps.draft),
          submitDraft: stats(steps.submit),
          'approveDocument (incl. completeIssuance)': stats(steps.approve),
          'whole document': stats(steps.total),
        },
      },
      dispatch: {
        wallS: round(dispatchS, 2),
        deliveriesPerSec: round(measured / dispatchS, 1),
        note:
          mode === 'phased'
            ? 'outbox released after issuance, dispatcher alone'
            : `first → last delivered_at, overlapping issuance; last delivery ${backlogAfterIssuance}`,
      },
      endToEnd: { wallS: round(endS, 2), docsPerSec: round(opt.docs / endS, 1), deliveriesPerSec: round(measured / endS, 1) },
      cpu: {
        nodeS: round((cpuNode.user + cpuNode.system) / 1e6, 1),
        postgresS: round(pgCpu, 1),
        wallS: round(endS, 1),
        ...(mode === 'phased'
          ? {
              issuance: {
                nodeMsPerDoc: round((cpuIssued.node.user + cpuIssued.node.system) / 1e3 / opt.docs, 1),
                postgresMsPerDoc: round((cpuIssued.pg * 1000) / opt.docs, 1),
                statementsPerDoc: round(cpuIssued.statements / opt.docs, 1),
              },
              dispatch: {
                nodeMsPerDelivery: round((cpuNode.user + cpuNode.system - cpuIssued.node.user - cpuIssued.node.system) / 1e3 / measured, 3),
                postgresMsPerDelivery: round(((pgCpu - cpuIssued.pg) * 1000) / measured, 3),
                statementsPerDelivery: round((statementsAll - cpuIssued.statements) / measured, 2),
              },
            }
          : {}),
      },
      locks,
      checks,
      load: { before: loadBefore, after: loadAfter },
      certSetupS,
      ...(stages ? { stages } : {}),
    };
  } finally {
    await side.end().catch(() => {});
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function pickPeople(ctx: DocContext, sender: string, n: number) {
  const users = await ctx.db.selectFrom('users').selectAll().where('agency_code', '=', sender).where('disabled', '=', false).orderBy('created_at').execute();
  const clerkRow = users.find((u) => (u.roles as string[]).includes('clerk'));
  const leaderRow = users.find((u) => (u.roles as string[]).includes('leader'));
  if (!clerkRow || !leaderRow) throw new Error(`agency ${sender} has no clerk or no leader`);
  // Recipients: agencies that have a clerk (so each delivery notifies someone, as in the city).
  const rows = await ctx.db
    .selectFrom('agencies')
    .innerJoin('users', 'users.agency_code', 'agencies.code')
    .select('agencies.code')
    .distinct()
    .where('agencies.code', '!=', sender)
    .where('agencies.kind', '!=', 'city')
    .where(sql<boolean>`users.roles ? 'clerk'`)
    .orderBy('agencies.code')
    .execute();
  if (rows.length < n) throw new Error(`only ${rows.length} agencies with a clerk besides ${sender}`);
  return { clerk: principalOf(clerkRow), leader: principalOf(leaderRow), recipients: rows.slice(0, n).map((r) => r.code) };
}

async function issueOne(
  ctx: DocContext,
  clerk: Principal,
  leader: Principal,
  recipients: string[],
  i: number,
  steps: { draft: number[]; submit: number[]; approve: number[]; total: number[] },
) {
  const t0 = now();
  const draft = await createDraft(ctx, clerk, {
    classification: '非密',
    urgency: i % 10 === 0 ? '加急' : '普通',
    upward: false,
    title: `关于推进公文交换电子化工作的通知（基准测试第${i}号）`,
    mainRecipients: recipients.slice(0, Math.ceil(recipients.length / 2)),
    ccRecipients: recipients.slice(Math.ceil(recipients.length / 2)),
    body: plainToRichText(BODY),
  });
  const t1 = now();
  await submitDraft(ctx, clerk, draft.id, { approver: leader.username });
  const t2 = now();
  const outcome = await approveDocument(ctx, leader, draft.id, { decision: 'approve', comment: '同意印发。' });
  const t3 = now();
  if (outcome !== 'dispatched') throw new Error(`document ${i} was not dispatched: ${outcome}`);
  steps.draft.push(t1 - t0);
  steps.submit.push(t2 - t1);
  steps.approve.push(t3 - t2);
  steps.total.push(t3 - t0);
}

async function counts(platform: Platform) {
  const r = await sql<{
    deliveries: string;
    delivered: string;
  }>`SELECT count(*) AS deliveries, count(*) FILTER (WHERE status = 'delivered') AS delivered FROM deliveries`.execute(platform.db);
  return { deliveries: Number(r.rows[0].deliveries), delivered: Number(r.rows[0].delivered) };
}

/** Polls until `expected` deliveries are delivered (bounded by timeoutS). */
async function waitDelivered(platform: Platform, expected: number, timeoutS: number, kick: () => void, progress?: (n: number) => void) {
  const deadline = now() + timeoutS * 1000;
  let lastReport = now();
  for (;;) {
    const { delivered } = await counts(platform);
    if (delivered >= expected) return;
    if (now() > deadline) throw new Error(`only ${delivered}/${expected} delivered after ${timeoutS} s`);
    if (progress && now() - lastReport > 10_000) {
      lastReport = now();
      progress(delivered);
      kick();
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function verify(platform: Platform, docs: number, recipients: number): Promise<Record<string, boolean | number | string>> {
  const q = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(platform.db)).rows[0];
  const d = await q(
    sql<{
      n: string;
      delivered: string;
      pending: string;
    }>`SELECT count(*) AS n, count(*) FILTER (WHERE status = 'delivered') AS delivered, count(*) FILTER (WHERE status = 'pending') AS pending FROM deliveries`,
  );
  const o = await q(sql<{ n: string }>`SELECT count(*) AS n FROM doc_outbox`);
  const a = await q(sql<{ entries: string; distinct_targets: string; duplicated: string; stray: string; missing: string }>`
    WITH per AS (SELECT target_id, count(*) AS c FROM audit_log WHERE action = 'delivery.delivered' GROUP BY target_id)
    SELECT (SELECT coalesce(sum(c), 0) FROM per) AS entries,
           (SELECT count(*) FROM per) AS distinct_targets,
           (SELECT count(*) FROM per WHERE c > 1) AS duplicated,
           (SELECT count(*) FROM per WHERE target_id NOT IN (SELECT id::text FROM deliveries)) AS stray,
           (SELECT count(*) FROM deliveries dl WHERE NOT EXISTS (SELECT 1 FROM per WHERE per.target_id = dl.id::text)) AS missing`);
  const docRow = await q(sql<{ n: string; dispatched: string; min_seq: number; max_seq: number; distinct_seq: string }>`
    SELECT count(*) AS n, count(*) FILTER (WHERE status = 'dispatched') AS dispatched, min(doc_seq) AS min_seq, max(doc_seq) AS max_seq, count(DISTINCT doc_seq) AS distinct_seq FROM documents`);
  const perDoc = await q(
    sql<{ wrong: string }>`SELECT count(*) AS wrong FROM (SELECT document_id FROM deliveries GROUP BY document_id HAVING count(*) <> ${recipients}) x`,
  );
  const t0 = now();
  const chain = await verifyAuditChain(platform.db);
  const chainS = round((now() - t0) / 1000, 2);
  const expected = docs * recipients;
  const checks = {
    deliveries: Number(d.n),
    expectedDeliveries: expected,
    delivered: Number(d.delivered),
    pending: Number(d.pending),
    documentsWithWrongDeliveryCount: Number(perDoc.wrong),
    outboxRowsLeft: Number(o.n),
    deliveredAuditEntries: Number(a.entries),
    deliveriesWithDuplicateAudit: Number(a.duplicated),
    deliveriesWithoutAudit: Number(a.missing),
    strayAuditEntries: Number(a.stray),
    documentsDispatched: `${docRow.dispatched}/${docRow.n}`,
    docNumbersGapFree: Number(docRow.min_seq) === 1 && Number(docRow.max_seq) === docs && Number(docRow.distinct_seq) === docs,
    auditChain: chain.ok ? `ok (${chain.entries} entries, verified in ${chainS} s)` : `BROKEN at ${chain.brokenAt}: ${chain.reason}`,
  };
  const allGood =
    checks.deliveries === expected &&
    checks.delivered === expected &&
    checks.pending === 0 &&
    checks.documentsWithWrongDeliveryCount === 0 &&
    checks.outboxRowsLeft === 0 &&
    checks.deliveredAuditEntries === expected &&
    checks.deliveriesWithDuplicateAudit === 0 &&
    checks.deliveriesWithoutAudit === 0 &&
    checks.strayAuditEntries === 0 &&
    Number(docRow.dispatched) === docs &&
    Number(docRow.n) === docs &&
    checks.docNumbersGapFree &&
    chain.ok;
  return { ...checks, allGood };
}

/** Samples pg_stat_activity every 100 ms: how often some backend waits for the audit chain's head row, or on another lock. */
function startSampler(client: pg.Client) {
  let samples = 0;
  let audit = 0;
  let auditWaiters = 0;
  let other = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const r = await client.query<{ audit: string; other: string }>(
        `SELECT count(*) FILTER (WHERE wait_event_type = 'Lock' AND query ILIKE '%audit_head%') AS audit,
                count(*) FILTER (WHERE wait_event_type = 'Lock' AND query NOT ILIKE '%audit_head%') AS other
         FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      samples++;
      const a = Number(r.rows[0].audit);
      auditWaiters += a;
      if (a > 0) audit++;
      if (Number(r.rows[0].other) > 0) other++;
      await new Promise((res) => setTimeout(res, 100));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return {
        samples,
        auditWaitShare: round(audit / Math.max(1, samples), 3),
        meanAuditWaiters: round(auditWaiters / Math.max(1, samples), 2),
        otherLockWaitShare: round(other / Math.max(1, samples), 3),
      };
    },
  };
}

/** CPU seconds (user + system) of the cluster's postmaster and its live child processes, from /proc. */
async function postgresCpuSeconds(client: pg.Client): Promise<number> {
  const dir = (await client.query<{ data_directory: string }>('SHOW data_directory')).rows[0].data_directory;
  const pid = Number(fs.readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const tick = 100; // USER_HZ on Linux
  const cpuOf = (p: number, withChildren: boolean) => {
    try {
      const f = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      const v = f.slice(f.lastIndexOf(')') + 2).split(' ');
      // fields after ")": state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14)
      return (Number(v[11]) + Number(v[12]) + (withChildren ? Number(v[13]) + Number(v[14]) : 0)) / tick;
    } catch {
      return 0;
    }
  };
  let total = cpuOf(pid, true);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const f = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(f.slice(f.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) total += cpuOf(Number(entry), false);
    } catch {
      // gone
    }
  }
  return total;
}

async function showFsync(cluster: PostgresCluster) {
  const c = new pg.Client({ connectionString: cluster.url });
  uncounted.add(c);
  await c.connect();
  const value = (await c.query('SHOW fsync')).rows[0].fsync;
  await c.end();
  console.log(`postgres  fsync = ${value}, synchronous_commit = on (default)`);
}

/**
 * The stages of completeIssuance timed one by one on the main thread: the same library calls in
 * the same order as documents/complete-issuance.ts, issued-files.ts and produce-sealed-pdf.ts (in
 * the server the middle five run on an issuance worker thread), on a document like the benchmark's.
 */
async function stageBreakdown(ctx: DocContext, sender: string, recipients: string[], runs: number): Promise<Record<string, Stats>> {
  const { db, platform } = ctx;
  const agency = await db.selectFrom('agencies').selectAll().where('code', '=', sender).executeTakeFirstOrThrow();
  const names = new Map((await db.selectFrom('agencies').select(['code', 'name']).where('code', 'in', recipients).execute()).map((r) => [r.code, r.name]));
  const half = Math.ceil(recipients.length / 2);
  const t: Record<string, number[]> = {};
  const time = async <T>(name: string, fn: () => Promise<T> | T): Promise<T> => {
    const s = now();
    const out = await fn();
    (t[name] ??= []).push(now() - s);
    return out;
  };
  for (let i = 0; i < runs + 1; i++) {
    const issuedAt = new Date();
    const docNumber = `${agency.doc_prefix}〔2026〕${900000 + i}号`;
    const signer = await time('agencySigner (sender: cert + key + city CA)', () => agencySigner(ctx, sender));
    const certPems = await time(`recipientCertificates (${recipients.length}, one query)`, () => recipientCertificates(ctx, recipients));
    const { doc, sealPlacement } = await time('layout: buildOfficialDocument (GB/T 9704, fonts)', () =>
      buildOfficialDocument({
        urgency: '普通',
        agencyMark: agency.name,
        docNumber,
        title: `关于推进公文交换电子化工作的通知（分段计时第${i}号）`,
        mainRecipients: recipients.slice(0, half).map((c) => names.get(c) ?? c),
        body: richTextToBlocks(plainToRichText(BODY) as never),
        attachments: [],
        signatureName: agency.name,
        date: chinaDateText(issuedAt),
        ccRecipients: recipients.slice(half).map((c) => names.get(c) ?? c),
        printingAgency: `${agency.name}办公室`,
        printingDate: chinaDateText(issuedAt),
      }),
    );
    await time('seal image: embed seal font + draw', async () => {
      const font = await embedSealFont(doc);
      const { page, centerX, centerY, diameter } = sealPlacement;
      drawAgencySeal(doc.getPages()[page], { centerX, centerY, diameter, agencyName: agency.name, font });
    });
    const pdf = await time('signNewPdf (font subsets, save once, PAdES)', () =>
      signNewPdf(doc, signer, { reason: `${agency.name}电子公文签章`, location: docNumber, name: agency.name, page: sealPlacement.page }),
    );
    const { tar } = await time('buildExchangePackage (manifest + CMS signature + tar)', () =>
      buildExchangePackage(
        {
          manifest: {
            documentId: '00000000-0000-4000-8000-000000000000',
            docNumber,
            title: '分段计时',
            senderAgencyCode: agency.code,
            senderAgencyName: agency.name,
            classification: '非密',
            urgency: '普通',
            mainRecipients: recipients.slice(0, half).map((c) => ({ code: c, name: names.get(c) ?? c })),
            ccRecipients: recipients.slice(half).map((c) => ({ code: c, name: names.get(c) ?? c })),
            issuedAt: issuedAt.toISOString(),
            signer: '分段计时',
          },
          files: [{ path: 'document.pdf', bytes: Buffer.from(pdf), mediaType: 'application/pdf', originalName: `${docNumber}.pdf` }],
        },
        signer,
      ),
    );
    const envelope = await time(`sealExchangePackage (envelope for ${recipients.length})`, () =>
      sealExchangePackage(
        tar,
        certPems.map((certPem) => ({ certPem })),
      ),
    );
    await time('blobs.put × 3 (pdf, tar, envelope)', () =>
      Promise.all([platform.blobs.put(Buffer.from(pdf)), platform.blobs.put(tar), platform.blobs.put(envelope)]),
    );
    if (i === 0) for (const k of Object.keys(t)) t[k] = []; // first round warms up
  }
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, stats(v)]));
}

/** In-process V8 CPU profiler around the measured phases (only with --cpu-profile DIR). */
async function startProfiler() {
  if (!opt.cpuProfile) return { save: async (_name: string) => {}, restart: async () => {} };
  fs.mkdirSync(opt.cpuProfile, { recursive: true });
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  return {
    async save(name: string) {
      const { profile } = await session.post('Profiler.stop');
      const file = path.join(opt.cpuProfile, `${name}.cpuprofile`);
      fs.writeFileSync(file, JSON.stringify(profile));
      console.log(`cpu profile ${file}`);
    },
    async restart() {
      await session.post('Profiler.start');
    },
  };
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
