/**
 * The one place that reads the environment. Loaded and validated once at start-up and passed to
 * everything else; libraries never read process.env themselves.
 */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : undefined));
const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .optional()
  .transform((v) => (v === undefined ? undefined : ['1', 'true', 'yes'].includes(v)));

const EnvSchema = z.object({
  PORT: port.default(8080),
  HOST: z.string().default('0.0.0.0'),
  SMTP_PORT: port.default(2525),
  SMTP_MX_PORT: port.default(2526),
  /** Outbound smarthost for remote recipients, host:port; without it the mail service looks up MX records. */
  YIZHAN_SMTP_RELAY: optionalString.refine((v) => v === undefined || /^[^\s:]+:\d{1,5}$/.test(v), { message: 'YIZHAN_SMTP_RELAY must be host:port' }),
  YIZHAN_DATA_DIR: z.string().default('./data'),
  YIZHAN_MASTER_KEY: optionalString.refine((v) => v === undefined || /^[0-9a-fA-F]{64}$/.test(v), {
    message: 'YIZHAN_MASTER_KEY must be 64 hex characters (32 bytes)',
  }),
  YIZHAN_MAIL_DOMAIN: z.string().default('example.gov.cn'),
  YIZHAN_PUBLIC_URL: optionalString,
  YIZHAN_DEMO: bool.default(true),
  YIZHAN_SECURE_COOKIES: bool.default(false),
  DATABASE_URL: optionalString,
  S3_ENDPOINT: optionalString,
  S3_ACCESS_KEY: optionalString,
  S3_SECRET_KEY: optionalString,
  S3_BUCKET: z.string().default('yizhan'),
  S3_REGION: z.string().default('us-east-1'),
  REDIS_URL: optionalString,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MEDIASOUP_WORKER_BIN: optionalString,
  /** Conference: mediasoup workers (0 = one per core). */
  CONFERENCE_WORKERS: z.coerce.number().int().min(0).max(64).default(0),
  /** Conference: IP the media sockets listen on, and the IP announced to clients (NAT). */
  CONFERENCE_LISTEN_IP: z.string().default('127.0.0.1'),
  CONFERENCE_ANNOUNCED_IP: optionalString,
  /** Conference: UDP+TCP port of worker 0's WebRtcServer (worker i uses base+i); 0 = any free port. */
  CONFERENCE_RTC_PORT: port.default(0),
  /** Conference: shared secret that authenticates cascading (级联) between conference nodes. */
  CONFERENCE_CASCADE_SECRET: optionalString,
  /** Hours to 签收 for 特急,加急,普通. */
  YIZHAN_SIGN_DEADLINES: z
    .string()
    .regex(/^\d+(\.\d+)?,\d+(\.\d+)?,\d+(\.\d+)?$/, 'YIZHAN_SIGN_DEADLINES must be three hour counts: 特急,加急,普通 (e.g. 2,24,72)')
    .default('2,24,72'),
  /** Seconds between sweeps for overdue 签收 (催办). */
  YIZHAN_OVERDUE_SWEEP_SECONDS: z.coerce.number().positive().default(60),
  /** Deliveries per outbox transaction. */
  YIZHAN_DISPATCH_BATCH: z.coerce.number().int().min(1).max(1000).default(50),
  /** Worker threads that lay out, seal and encrypt issued documents; 0 = on the main thread. Default: one per core, at most 4. */
  YIZHAN_ISSUANCE_THREADS: z.coerce.number().int().min(0).max(64).optional(),
});

export interface S3Config {
  endPoint: string;
  port: number;
  useSSL: boolean;
  accessKey: string;
  secretKey: string;
  bucket: string;
  region: string;
}

export interface Config {
  http: { host: string; port: number; publicUrl: string; secureCookies: boolean };
  smtp: { submissionPort: number; mxPort: number; relay?: { host: string; port: number } };
  dataDir: string;
  /** Hex master key from the environment; when absent the embedded default keeps one in the data dir. */
  masterKeyHex?: string;
  mailDomain: string;
  demo: boolean;
  database: { kind: 'pglite'; dir: string } | { kind: 'postgres'; url: string };
  blobs: { kind: 'fs'; dir: string } | { kind: 's3'; s3: S3Config };
  redisUrl?: string;
  logLevel: string;
  mediasoupWorkerBin?: string;
  conference: { workers: number; listenIp: string; announcedIp?: string; rtcPort: number; cascadeSecret?: string };
  docexchange: { signDeadlineHours: { 特急: number; 加急: number; 普通: number }; overdueSweepMs: number; dispatchBatch: number; issuanceThreads: number };
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd()): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(cwd, e.YIZHAN_DATA_DIR);
  if (e.DATABASE_URL && !e.YIZHAN_MASTER_KEY) {
    // A key generated into one host's data dir would not open the keys another host stored in the shared database.
    throw new ConfigError('invalid configuration: YIZHAN_MASTER_KEY is required with DATABASE_URL (every server sharing the database needs the same key; generate one with `openssl rand -hex 32`)');
  }
  const s3Keys = [e.S3_ENDPOINT, e.S3_ACCESS_KEY, e.S3_SECRET_KEY];
  if (s3Keys.some(Boolean) && !s3Keys.every(Boolean)) {
    throw new ConfigError('invalid configuration: S3_ENDPOINT, S3_ACCESS_KEY and S3_SECRET_KEY go together');
  }
  return {
    http: {
      host: e.HOST,
      port: e.PORT,
      publicUrl: e.YIZHAN_PUBLIC_URL ?? `http://localhost:${e.PORT}`,
      secureCookies: e.YIZHAN_SECURE_COOKIES,
    },
    smtp: {
      submissionPort: e.SMTP_PORT,
      mxPort: e.SMTP_MX_PORT,
      relay: e.YIZHAN_SMTP_RELAY ? { host: e.YIZHAN_SMTP_RELAY.split(':')[0], port: Number(e.YIZHAN_SMTP_RELAY.split(':')[1]) } : undefined,
    },
    dataDir,
    masterKeyHex: e.YIZHAN_MASTER_KEY,
    mailDomain: e.YIZHAN_MAIL_DOMAIN,
    demo: e.YIZHAN_DEMO,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'pglite', dir: path.join(dataDir, 'db') },
    blobs: e.S3_ENDPOINT
      ? { kind: 's3', s3: parseS3(e.S3_ENDPOINT, e.S3_ACCESS_KEY!, e.S3_SECRET_KEY!, e.S3_BUCKET, e.S3_REGION) }
      : { kind: 'fs', dir: path.join(dataDir, 'blobs') },
    redisUrl: e.REDIS_URL,
    logLevel: e.LOG_LEVEL,
    mediasoupWorkerBin: e.MEDIASOUP_WORKER_BIN,
    conference: {
      workers: e.CONFERENCE_WORKERS,
      listenIp: e.CONFERENCE_LISTEN_IP,
      announcedIp: e.CONFERENCE_ANNOUNCED_IP,
      rtcPort: e.CONFERENCE_RTC_PORT,
      cascadeSecret: e.CONFERENCE_CASCADE_SECRET,
    },
    docexchange: {
      signDeadlineHours: (([a, b, c]) => ({ 特急: a, 加急: b, 普通: c }))(e.YIZHAN_SIGN_DEADLINES.split(',').map(Number)),
      overdueSweepMs: e.YIZHAN_OVERDUE_SWEEP_SECONDS * 1000,
      dispatchBatch: e.YIZHAN_DISPATCH_BATCH,
      issuanceThreads: e.YIZHAN_ISSUANCE_THREADS ?? Math.min(4, os.availableParallelism()),
    },
  };
}

function parseS3(endpoint: string, accessKey: string, secretKey: string, bucket: string, region: string): S3Config {
  let url: URL;
  try {
    url = new URL(endpoint.includes('://') ? endpoint : `http://${endpoint}`);
  } catch {
    throw new ConfigError(`invalid configuration: S3_ENDPOINT is not a URL: ${endpoint}`);
  }
  const useSSL = url.protocol === 'https:';
  return {
    endPoint: url.hostname,
    port: url.port ? Number(url.port) : useSSL ? 443 : 80,
    useSSL,
    accessKey,
    secretKey,
    bucket,
    region,
  };
}
