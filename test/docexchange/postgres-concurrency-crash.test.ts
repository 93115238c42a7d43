// On PostgreSQL: parallel issuances get unique, gap-free numbers; a server killed (-9) in the middle
// of issuing and again in the middle of a 100-recipient dispatch delivers each exactly once.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '@yizhan/core';
import { startPostgres, type PostgresCluster } from '../support/postgres-cluster';
import { startTestServer, ApiClient, type TestServer } from '../support/temp-server';
import { startChildServer, type ChildServer } from '../support/child-server';
import { body, loggedIn, peopleOf, PASSWORD } from '../support/docexchange-flow';

let cluster: PostgresCluster;
const masterKey = crypto.randomBytes(32).toString('hex');

beforeAll(async () => {
  cluster = await startPostgres();
});
afterAll(async () => {
  await cluster?.stop();
});

describe('parallel issuance on PostgreSQL', () => {
  let server: TestServer;
  afterAll(async () => server?.dispose());

  it('numbers 12 documents approved at once 1…12 with no gap and no duplicate', async () => {
    server = await startTestServer({ DATABASE_URL: await cluster.createDatabase('concurrency'), YIZHAN_MASTER_KEY: masterKey });
    const { clerk, leader } = await peopleOf(server, 'fgw');
    const drafter = await loggedIn(server, clerk);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const d = await drafter.post('/api/documents', { title: `并发签发测试${i + 1}`, mainRecipients: ['szf'], body: body('内容') });
      await drafter.post(`/api/documents/${d.body.id}/submit`, { approver: leader });
      ids.push(d.body.id);
    }
    const approvers = await Promise.all(ids.map(() => loggedIn(server, leader)));
    const results = await Promise.all(ids.map((id, i) => approvers[i].post(`/api/documents/${id}/approve`, { decision: 'approve', comment: '' })));
    for (const r of results) expect(r.status, JSON.stringify(r.body)).toBe(200);
    const numbers = results.map((r) => Number(/〕(\d+)号$/.exec(r.body.docNumber)![1])).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });
});

describe('crash during issuance and during dispatch', () => {
  let child: ChildServer | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-crash-'));
  afterAll(async () => {
    await child?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers each of 100 deliveries exactly once across two kill -9', async () => {
    const url = await cluster.createDatabase('crash');
    const env = { DATABASE_URL: url, YIZHAN_MASTER_KEY: masterKey, YIZHAN_DATA_DIR: dataDir, YIZHAN_DISPATCH_BATCH: '1' };
    const sql = new pg.Client({ connectionString: url });
    child = await startChildServer(env);
    await sql.connect();
    try {
      const q = async (text: string, params: unknown[] = []) => (await sql.query(text, params)).rows;
      const people = async (agency: string) => {
        const rows = await q(`select username, roles from users where agency_code = $1 order by created_at`, [agency]);
        return { clerk: rows.find((r) => r.roles.includes('clerk')).username, leader: rows.find((r) => r.roles.includes('leader')).username };
      };
      const recipients = (await q(`select code from agencies where kind <> 'city' and code <> 'szf' order by code limit 100`)).map((r) => r.code);
      expect(recipients).toHaveLength(100);
      const szf = await people('szf');
      const drafter = new ApiClient(child.url);
      await drafter.login(szf.clerk, PASSWORD);
      const d = await drafter.post('/api/documents', { title: '全市百家单位分发测试', mainRecipients: recipients, body: body('请各单位认真落实。') });
      expect(d.status, JSON.stringify(d.body)).toBe(201);
      await drafter.post(`/api/documents/${d.body.id}/submit`, { approver: szf.leader });
      const leader = new ApiClient(child.url);
      await leader.login(szf.leader, PASSWORD);
      // 签发 issues certificates for 100 first-time recipients (seconds of RSA key generation): kill it then.
      const approving = leader.post(`/api/documents/${d.body.id}/approve`, { decision: 'approve', comment: '' }).catch(() => null);
      for (let i = 0; i < 600; i++) {
        const [row] = await q(`select status from documents where id = $1`, [d.body.id]);
        const certs = await q(`select count(*)::int n from certificates where kind = 'agency'`);
        if (row.status === 'issuing' && certs[0].n >= 3) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      const [mid] = await q(`select status, doc_number from documents where id = $1`, [d.body.id]);
      expect(mid.status).toBe('issuing');
      await child.kill9();
      await approving;
      const docNumber = mid.doc_number;
      expect((await q(`select count(*)::int n from deliveries where document_id = $1`, [d.body.id]))[0].n).toBe(0);

      // Restart: the dispatcher completes the issuance with the same number, then delivers; kill it mid-dispatch.
      child = await startChildServer(env);
      let deliveredAtKill = 0;
      for (let i = 0; i < 3000; i++) {
        const [c] = await q(`select count(*)::int n from deliveries where document_id = $1 and status = 'delivered'`, [d.body.id]);
        if (c.n >= 1) {
          await child.kill9();
          deliveredAtKill = (await q(`select count(*)::int n from deliveries where document_id = $1 and status = 'delivered'`, [d.body.id]))[0].n;
          break;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(deliveredAtKill).toBeGreaterThan(0);
      expect(deliveredAtKill).toBeLessThan(100);

      child = await startChildServer(env);
      for (let i = 0; i < 600; i++) {
        const [c] = await q(`select count(*)::int n from deliveries where document_id = $1 and status = 'delivered'`, [d.body.id]);
        if (c.n === 100) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const [doc] = await q(`select status, doc_number from documents where id = $1`, [d.body.id]);
      expect(doc).toEqual({ status: 'dispatched', doc_number: docNumber });
      const deliveries = await q(`select id, status from deliveries where document_id = $1`, [d.body.id]);
      expect(deliveries).toHaveLength(100);
      expect(deliveries.every((x) => x.status === 'delivered')).toBe(true);
      const audits = await q(`select target_id, count(*)::int n from audit_log where action = 'delivery.delivered' group by target_id`);
      expect(audits).toHaveLength(100);
      expect(audits.every((a) => a.n === 1)).toBe(true);
      const dupNotes = await q(`select user_id, link, count(*)::int n from notifications where kind = 'document.incoming' group by user_id, link having count(*) > 1`);
      expect(dupNotes).toEqual([]);
      expect((await q(`select count(*)::int n from doc_outbox`))[0].n).toBe(0); // done rows leave the queue
      // a recipient sees exactly one incoming item, verified
      const some = await people(recipients[37]);
      const clerk = new ApiClient(child.url);
      await clerk.login(some.clerk, PASSWORD);
      const items = (await clerk.get('/api/incoming')).body.items.filter((i: { documentId: string }) => i.documentId === d.body.id);
      expect(items).toHaveLength(1);
      expect((await clerk.get(`/api/incoming/${items[0].deliveryId}`)).body.verdict.ok).toBe(true);
      await child.stop();
      const { Kysely, PostgresDialect } = await import('kysely');
      const kdb = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url }) }) });
      expect((await verifyAuditChain(kdb)).ok).toBe(true);
      await kdb.destroy();
    } finally {
      await sql.end();
    }
  });
});
