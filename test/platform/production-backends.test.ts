// The same server code on the production backends: PostgreSQL (DATABASE_URL), S3 (s3rver standing
// in for MinIO) and Redis for socket.io across two server processes sharing them.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { DEMO_ACCOUNTS, notify } from '@yizhan/core';
import { startPostgres, type PostgresCluster } from '../support/postgres-cluster';
import { startS3rver } from '../support/s3rver';
import { startRedis } from '../support/redis-server';
import { ApiClient, startTestServer, type TestServer } from '../support/temp-server';

let pg: PostgresCluster;
let s3: Awaited<ReturnType<typeof startS3rver>>;
let redis: Awaited<ReturnType<typeof startRedis>>;
let a: TestServer;
let b: TestServer;

beforeAll(async () => {
  [pg, s3, redis] = await Promise.all([startPostgres(), startS3rver(), startRedis()]);
  const env = {
    DATABASE_URL: await pg.createDatabase('yizhan'),
    S3_ENDPOINT: s3.endpoint,
    S3_ACCESS_KEY: s3.accessKey,
    S3_SECRET_KEY: s3.secretKey,
    S3_BUCKET: 'yizhan-prod-test',
    REDIS_URL: redis.url,
    YIZHAN_MASTER_KEY: crypto.randomBytes(32).toString('hex'),
  };
  // Two servers starting at once on empty shared backends: one CA, one seed.
  [a, b] = await Promise.all([startTestServer(env), startTestServer(env)]);
});
afterAll(async () => {
  await a?.dispose();
  await b?.dispose();
  await Promise.all([pg?.stop(), s3?.stop(), redis?.stop()]);
});

describe('production backends', () => {
  it('runs on PostgreSQL and S3 and reports both healthy', async () => {
    expect(a.platform.database.kind).toBe('postgres');
    expect(a.platform.blobs.kind).toBe('s3');
    const health = await fetch(`${a.url}/api/health`).then((r) => r.json());
    expect(health).toEqual({ status: 'ok', checks: { database: { ok: true }, blobStore: { ok: true } } });
    const agencies = await a.platform.db.selectFrom('agencies').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(agencies.n).toBeGreaterThanOrEqual(140);
    const seeds = await a.platform.db.selectFrom('audit_log').select('action').where('action', '=', 'directory.seed').execute();
    expect(seeds).toHaveLength(1);
    const cas = await a.platform.db.selectFrom('certificates').select('id').where('kind', '=', 'root').execute();
    expect(cas).toHaveLength(1);
  });

  it('shares sessions between the two servers (state lives in the database)', async () => {
    const api = new ApiClient(a.url);
    expect((await api.login(DEMO_ACCOUNTS.cityGovClerk, 'yizhan2026')).status).toBe(200);
    const onB = new ApiClient(b.url);
    onB.cookie = api.cookie;
    const me = await onB.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe(DEMO_ACCOUNTS.cityGovClerk);
  });

  it('delivers a notification raised on server A to a browser connected to server B (Redis adapter)', async () => {
    const api = new ApiClient(b.url);
    const login = await api.login(DEMO_ACCOUNTS.fgwClerk, 'yizhan2026');
    const socket: Socket = connect(b.url, { transports: ['websocket'], extraHeaders: { cookie: api.cookie } });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.on('connect', () => resolve());
        socket.on('connect_error', reject);
      });
      const received = new Promise<{ title: string }>((resolve) => socket.on('notification:new', resolve));
      await new Promise((r) => setTimeout(r, 200)); // room joins propagate through Redis
      await notify({ db: a.platform.db, realtime: a.platform.realtime, userIds: [login.body.user.id], kind: 'test', title: '跨节点通知' });
      expect((await received).title).toBe('跨节点通知');
      const list = await api.get('/api/notifications');
      expect(list.body.unread).toBe(1);
    } finally {
      socket.close();
    }
  });

  it('refuses a socket.io connection without a valid session', async () => {
    const socket: Socket = connect(a.url, { transports: ['websocket'], extraHeaders: { cookie: 'yz_session=forged' } });
    const err = await new Promise<Error & { data?: { error: { code: string } } }>((resolve) => socket.on('connect_error', resolve));
    socket.close();
    expect(err.data?.error.code).toBe('UNAUTHENTICATED');
  });
});
