/**
 * Benchmark: SMTP ingest of ~20 KB messages over 16 concurrent connections, stored durably.
 *
 * The whole server runs in this process on the embedded defaults (PGlite + filesystem blobs in a
 * fresh data dir) or, with --postgres, on a throwaway Debian PostgreSQL cluster (fsync off unless
 * --fsync, as in the other benchmarks). The client runs as a separate process (this file with --client): 16 nodemailer
 * connections, each STARTTLS (verified against the city CA) + AUTH PLAIN once as a different clerk,
 * then messages back to back to recipients across agencies. A message counts when its 250 arrived;
 * the server answers 250 only after the raw MIME is in the blob store and the message, its entries
 * and its index job are committed (group commit: sessions waiting at the same time share one
 * transaction).
 *
 * Reported: messages/s over the timed run (after a warm-up), the client-side latency of each
 * message (start of SMTP transaction to 250) p50/p95/p99, CPU seconds of the server process and
 * of the client, the rows stored, and how long the full-text indexer then needs to catch up.
 *
 * Run: npx tsx bench/mail-ingest.ts [--messages 10000] [--warmup 500] [--connections 16] [--kb 20] [--postgres [--fsync]] [--index-during=false] [--drain=false]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { sql } from 'kysely';
import { createLogger, loadConfig, type ServiceModule } from '@yizhan/core';
import { createMailModule, type MailService } from '@yizhan/mail';
import { mailDb } from '@yizhan/mail/db/tables';
import { startServer } from '../services/server/src/server';
import { SERVICE_MODULES } from '../services/server/src/modules';
import { flags, jsonLine, machineInfo, now, percentile, printMachine, round, table } from './support/bench-kit';
import { prose, Rng, subjectLine, vocabulary } from './support/mail-corpus';

const opts = flags({ messages: 10_000, warmup: 500, connections: 16, kb: 20, postgres: false, fsync: false, indexDuring: true, drain: true, cpuProfile: '', client: '' });

interface ClientJob {
  port: number;
  ca: string;
  senders: Array<{ username: string; address: string }>;
  recipients: string[];
  messages: number;
  warmup: number;
  connections: number;
  kb: number;
}

interface ClientResult {
  latenciesMs: number[];
  wallMs: number;
  failed: number;
  cpuSeconds: number;
  rawBytes: number;
}

function withoutFrom(raw: Buffer): Buffer {
  const text = raw.toString('latin1');
  return Buffer.from(text.replace(/^(From|Message-ID): .*\r\n/gim, ''), 'latin1');
}

async function runClient(job: ClientJob): Promise<ClientResult> {
  const rng = new Rng(42);
  const vocab = vocabulary(rng);
  // Bodies are made up front: the client should measure the server, not its own text generator.
  const chars = Math.round((job.kb * 1024 * 0.74) / 3); // base64 of UTF-8 CJK ≈ 4 bytes per character
  // Composed once (like smtp-source or a mail relay replaying a queue): the client's cost is SMTP + TLS, not MIME building.
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true });
  const raws: Buffer[] = [];
  for (let i = 0; i < 64; i++) {
    const sender = job.senders[i % job.senders.length];
    const info = await composer.sendMail({ from: { name: sender.username, address: sender.address }, to: job.recipients[i % job.recipients.length], subject: subjectLine(rng, vocab), text: prose(rng, vocab, chars) });
    raws.push((info as unknown as { message: Buffer }).message);
  }
  const transports = job.senders.slice(0, job.connections).map((s) =>
    nodemailer.createTransport({
      host: '127.0.0.1',
      port: job.port,
      secure: false,
      requireTLS: true,
      pool: true,
      maxConnections: 1,
      maxMessages: Infinity,
      auth: { user: s.username, pass: 'yizhan2026' },
      tls: { ca: job.ca, checkServerIdentity: (_h: string, cert: tls.PeerCertificate) => tls.checkServerIdentity('localhost', cert) },
    }),
  );
  let next = 0;
  let failed = 0;
  let rawBytes = 0;
  const latencies: number[] = [];
  const total = job.warmup + job.messages;
  let started = 0;
  const cpu0 = process.cpuUsage();
  const worker = async (c: number) => {
    const sender = job.senders[c];
    for (;;) {
      const i = next++;
      if (i >= total) return;
      if (i === job.warmup) started = now();
      const t0 = now();
      try {
        // The envelope varies; the From header must stay the sender's (the server checks it).
        const raw = Buffer.concat([Buffer.from(`From: ${sender.address}\r\nMessage-ID: <bench-${i}-${c}@bench.example>\r\n`), withoutFrom(raws[i % raws.length])]);
        const info = await transports[c].sendMail({ envelope: { from: sender.address, to: [job.recipients[i % job.recipients.length]] }, raw });
        if (!/^250 /.test(info.response)) failed++;
        else if (i >= job.warmup) latencies.push(now() - t0);
        rawBytes += raw.length;
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(transports.map((_, c) => worker(c)));
  const wallMs = now() - (started || now());
  transports.forEach((t) => t.close());
  const cpu = process.cpuUsage(cpu0);
  return { latenciesMs: latencies, wallMs, failed, cpuSeconds: (cpu.user + cpu.system) / 1e6, rawBytes };
}

async function main() {
  if (opts.client) {
    const job = JSON.parse(fs.readFileSync(opts.client, 'utf8')) as ClientJob;
    process.stdout.write(JSON.stringify(await runClient(job)) + '\n');
    return;
  }

  const machine = machineInfo({ postgres: opts.postgres });
  printMachine(machine);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-mail-bench-'));
  const env: Record<string, string> = { YIZHAN_DATA_DIR: dataDir, PORT: '0', SMTP_PORT: '0', SMTP_MX_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  let cluster: { url: string; stop(): Promise<void> } | undefined;
  if (opts.postgres) {
    const { startPostgres } = await import('../test/support/postgres-cluster');
    // On the command line: an ALTER SYSTEM SET fsync would not override the cluster's fsync=off.
    cluster = await startPostgres({ fsync: opts.fsync });
    env.DATABASE_URL = cluster.url;
    env.YIZHAN_MASTER_KEY = 'ab'.repeat(32);
  }
  let mail: MailService | undefined;
  const base = createMailModule();
  const captured: ServiceModule = { ...base, start: async (ctx) => (mail = (await base.start(ctx)) as MailService) };
  const config = loadConfig(env);
  // Without the conference module: its mediasoup workers have nothing to do with mail (and the
  // worker binary may be being rebuilt by someone else).
  const server = await startServer(config, createLogger(config.logLevel), { modules: [...SERVICE_MODULES.filter((m) => m.name !== 'mail' && m.name !== 'conference'), captured] });
  const db = mailDb(server.platform.db);
  try {
    // Senders: clerks of 16 agencies; recipients: 200 people across the city.
    const clerks = await db.selectFrom('users').select(['username', 'mail_address']).where(sql<boolean>`roles @> '["clerk"]'::jsonb`).orderBy('username').limit(opts.connections).execute();
    const people = await db.selectFrom('users').select('mail_address').orderBy('id').limit(200).execute();
    const ca = (await db.selectFrom('certificates').select('cert_pem').where('kind', 'in', ['root', 'intermediate']).execute()).map((c) => c.cert_pem).join('\n');
    const job: ClientJob = {
      port: mail!.ports.submission,
      ca,
      senders: clerks.map((c) => ({ username: c.username, address: c.mail_address })),
      recipients: people.map((p) => p.mail_address),
      messages: opts.messages,
      warmup: opts.warmup,
      connections: opts.connections,
      kb: opts.kb,
    };
    const jobFile = path.join(dataDir, 'client-job.json');
    fs.writeFileSync(jobFile, JSON.stringify(job));

    const sizeProbe = await db.selectFrom('mail_messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    if (!opts.indexDuring) mail!.indexer.pause();
    const profiler = opts.cpuProfile ? await startProfiler() : null;
    const pgPort = cluster ? Number(new URL(cluster.url).port) : 0;
    const wal0 = cluster ? (await sql<{ lsn: string }>`SELECT pg_current_wal_lsn()::text AS lsn`.execute(db)).rows[0].lsn : null;
    const dbCpu0 = cluster ? postgresCpuSeconds(pgPort) : 0;
    const writer0 = { ...mail!.ctx.writer.stats };
    const cpu0 = process.cpuUsage();
    const t0 = now();
    const self = fileURLToPath(import.meta.url);
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', self, '--client', jobFile], { stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`client exited ${code}`))));
    });
    const serverWallMs = now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const w = mail!.ctx.writer.stats;
    const writes = { batches: w.batches - writer0.batches, jobs: w.jobs - writer0.jobs, ms: w.writeMs - writer0.writeMs };
    const dbCpuSeconds = cluster ? postgresCpuSeconds(pgPort) - dbCpu0 : null;
    const walBytes = wal0 ? Number((await sql<{ d: string }>`SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), ${wal0}::pg_lsn)::text AS d`.execute(db)).rows[0].d) : null;
    if (profiler) fs.writeFileSync(opts.cpuProfile, JSON.stringify(await profiler.stop()));
    const result = JSON.parse(out.trim().split('\n').pop()!) as ClientResult;

    const stored = await db.selectFrom('mail_messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const avgSize = await db.selectFrom('mail_messages').select((eb) => eb.fn.avg<number>('raw_size').as('a')).executeTakeFirstOrThrow();
    const backlog = await db.selectFrom('mail_index_queue').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const t1 = now();
    mail!.indexer.pause();
    const drained = opts.drain ? await mail!.indexer.drain() : 0;
    const drainMs = now() - t1;

    const sorted = [...result.latenciesMs].sort((a, b) => a - b);
    const rate = result.latenciesMs.length / (result.wallMs / 1000);
    const storedNew = Number(stored.n) - Number(sizeProbe.n);
    console.log();
    table(
      ['measure', 'value'],
      [
        ['backend', opts.postgres ? `PostgreSQL (fsync ${opts.fsync ? 'on' : 'off'})` : 'PGlite + fs blobs'],
        ['connections', opts.connections],
        ['full-text indexing during ingest', opts.indexDuring ? 'yes (yields to ingest)' : 'paused, measured after'],
        ['messages timed (after warm-up)', result.latenciesMs.length],
        ['failed', result.failed],
        ['average stored size', `${Math.round(Number(avgSize.a) / 1024 * 10) / 10} KB`],
        ['throughput', `${round(rate, 1)} messages/s`],
        ['latency p50 / p95 / p99', `${round(percentile(sorted, 50), 1)} / ${round(percentile(sorted, 95), 1)} / ${round(percentile(sorted, 99), 1)} ms`],
        ['server CPU (whole run incl. warm-up)', `${round((cpu.user + cpu.system) / 1e6, 1)} s over ${round(serverWallMs / 1000, 1)} s`],
        ['client CPU', `${round(result.cpuSeconds, 1)} s`],
        ['group commits (whole run)', `${writes.batches}, ${round(writes.jobs / writes.batches, 1)} messages and ${round(writes.ms / writes.batches, 1)} ms each`],
        ['PostgreSQL CPU (all its processes)', dbCpuSeconds === null ? '-' : `${round(dbCpuSeconds, 1)} s`],
        ['WAL per message (whole run)', walBytes === null ? '-' : `${round(walBytes / (opts.messages + opts.warmup) / 1024, 1)} KB`],
        ['stored (rows)', `${storedNew} of ${opts.messages + opts.warmup}`],
        ['index backlog after ingest', `${backlog.n} → drained ${drained} in ${round(drainMs / 1000, 1)} s (${round(drained / (drainMs / 1000), 1)} msgs/s)`],
      ],
    );
    jsonLine({
      bench: 'mail-ingest',
      backend: opts.postgres ? 'postgres' : 'pglite',
      connections: opts.connections,
      messages: result.latenciesMs.length,
      failed: result.failed,
      avgKb: round(Number(avgSize.a) / 1024, 1),
      messagesPerSecond: round(rate, 1),
      p50Ms: round(percentile(sorted, 50), 1),
      p95Ms: round(percentile(sorted, 95), 1),
      p99Ms: round(percentile(sorted, 99), 1),
      serverCpuSeconds: round((cpu.user + cpu.system) / 1e6, 1),
      clientCpuSeconds: round(result.cpuSeconds, 1),
      batchMessages: round(writes.jobs / writes.batches, 1),
      batchWriteMs: round(writes.ms / writes.batches, 1),
      postgresCpuSeconds: dbCpuSeconds === null ? null : round(dbCpuSeconds, 1),
      walKbPerMessage: walBytes === null ? null : round(walBytes / (opts.messages + opts.warmup) / 1024, 1),
      stored: storedNew,
      indexBacklog: Number(backlog.n),
      indexMessagesPerSecond: round(drained / (drainMs / 1000), 1),
      machine,
    });
  } finally {
    await server.close();
    await cluster?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * CPU seconds (user + system) of the throwaway cluster: its postmaster (found by its -p PORT;
 * includes reaped children) and the live children. Linux /proc only.
 */
function postgresCpuSeconds(port: number): number {
  const tick = 100; // USER_HZ
  const procs = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  const stat = (pid: string) => {
    try {
      const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
      return { ppid: f[1], self: Number(f[11]) + Number(f[12]), children: Number(f[13]) + Number(f[14]) };
    } catch {
      return null;
    }
  };
  const master = procs.find((pid) => {
    try {
      const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      return argv[0].endsWith('/postgres') && argv[argv.indexOf('-p') + 1] === String(port);
    } catch {
      return false;
    }
  });
  if (!master) return NaN;
  let ticks = 0;
  for (const pid of procs) {
    const s = stat(pid);
    if (!s) continue;
    if (pid === master) ticks += s.self + s.children;
    else if (s.ppid === master) ticks += s.self;
  }
  return ticks / tick;
}

/** V8's CPU profiler over the measured phase only (--cpu-profile FILE). */
async function startProfiler() {
  const { Session } = await import('node:inspector');
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params?: object) => new Promise<T>((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as T))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  return {
    async stop() {
      const { profile } = await post<{ profile: unknown }>('Profiler.stop');
      session.disconnect();
      return profile;
    },
  };
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
