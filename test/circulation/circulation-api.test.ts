// Circulation over the real API: a received document goes 书记 → {副书记 A, 副书记 B} → 秘书长; each
// leader's layer is signed with their own certificate (openssl verifies it), the annotated copy is
// signed by 市委 (pdfsig verifies it) while the sealed original stays byte-for-byte the same.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCityCa } from '@yizhan/core';
import { startTestServer, type ApiClient, type TestServer } from '../support/temp-server';
import { loggedIn } from '../support/docexchange-flow';
import { nssTrustStore, pdfsig, qpdfCheck } from '../support/pdf-tools';
import { receivedBySw, sampleInk, swLeaders } from './circulation-support';

let server: TestServer;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-circ-'));
let ca: { root: string; issuing: string };
let nss: string;

beforeAll(async () => {
  server = await startTestServer();
  const city = await ensureCityCa(server.platform.db, server.platform.masterKey);
  ca = { root: path.join(tmp, 'root.pem'), issuing: path.join(tmp, 'issuing.pem') };
  fs.writeFileSync(ca.root, city.root.cert_pem);
  fs.writeFileSync(ca.issuing, city.issuing.cert_pem);
  nss = nssTrustStore(tmp, ca);
});
afterAll(async () => {
  await server?.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function bytes(api: ApiClient, url: string): Promise<Buffer> {
  const res = await fetch(server.url + url, { headers: { cookie: api.cookie } });
  expect(res.status, url).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function auditActions(id: string): Promise<string[]> {
  const rows = await server.platform.db
    .selectFrom('audit_log')
    .select('action')
    .where('target_type', '=', 'circulation')
    .where('target_id', '=', id)
    .orderBy('seq')
    .execute();
  return rows.map((r) => r.action);
}

describe('circulation of a received document', () => {
  let id: string;
  let clerk: ApiClient;
  let L: Awaited<ReturnType<typeof swLeaders>>;
  const as: Record<string, ApiClient> = {};
  let originalSha: string;

  it('the clerk starts a sequential + parallel route; only the first step has it', async () => {
    const received = await receivedBySw(server, '示范市人民政府关于做好冬春农田水利建设工作的通知');
    clerk = received.clerk;
    L = await swLeaders(server);
    for (const p of [L.secretary, L.deputyA, L.deputyB, L.secretaryGeneral]) as[p.username] = await loggedIn(server, p.username);

    const deadline = new Date(Date.now() + 48 * 3600_000).toISOString();
    const started = await clerk.post('/api/circulations', {
      source: { kind: 'delivery', deliveryId: received.deliveryId },
      steps: [{ readers: [L.secretary.username], deadline }, { readers: [L.deputyA.username, L.deputyB.username] }, { readers: [L.secretaryGeneral.username] }],
      note: '拟请书记阅示',
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    id = started.body.id;
    expect(started.body.steps.map((s: { status: string }) => s.status)).toEqual(['active', 'pending', 'pending']);
    expect(started.body.currentReaders).toEqual([L.secretary.name]);
    expect(started.body.actions).toContain('manage');

    // a second circulation of the same document is refused while this one runs
    const again = await clerk.post('/api/circulations', {
      source: { kind: 'delivery', deliveryId: received.deliveryId },
      steps: [{ readers: [L.deputyA.username] }],
    });
    expect(again.status).toBe(409);

    const todos = await as[L.secretary.username].get('/api/workspace/todos');
    expect(
      todos.body.items.some((t: { kind: string; source: string; link: string }) => t.kind === '待阅' && t.source === 'circulation' && t.link.includes(id)),
    ).toBe(true);
    const notes = await as[L.secretary.username].get('/api/notifications');
    expect(notes.body.items[0].title).toContain('待阅');

    // the later readers cannot open it before their turn; a leader of another agency never can
    const early = await as[L.deputyA.username].get(`/api/circulations/${id}`);
    expect(early.status).toBe(403);
    expect(early.body.error.message).toBe('尚未轮到您阅该公文');
    const pdf = await bytes(clerk, `/api/circulations/${id}/document.pdf`);
    originalSha = sha256(pdf);
    expect(started.body.documentSha256).toBe(originalSha);
  });

  it('书记 draws, saves a private draft, then signs ink + 批示; submitting twice changes nothing', async () => {
    const me = as[L.secretary.username];
    expect((await me.post(`/api/circulations/${id}/open`)).status).toBe(200);
    const draft = await me.post(`/api/circulations/${id}/draft`, { annotations: sampleInk().slice(0, 1), instruction: '请市' });
    expect(draft.status, JSON.stringify(draft.body)).toBe(200);
    const mine = await me.get(`/api/circulations/${id}`);
    expect(mine.body.myTask.draft.annotations).toHaveLength(1);
    const clerkView = await clerk.get(`/api/circulations/${id}`);
    expect(clerkView.body.layers).toEqual([]);
    expect(JSON.stringify(clerkView.body)).not.toContain('请市');
    expect(clerkView.body.steps[0].tasks[0].openedAt).toBeTruthy();

    const body = { annotations: sampleInk(), instruction: '请市水利局牵头，会同有关部门抓好落实。', circled: false };
    const first = await me.post(`/api/circulations/${id}/submit`, body);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.alreadySubmitted).toBe(false);
    const second = await me.post(`/api/circulations/${id}/submit`, { ...body, instruction: '改了主意' });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ alreadySubmitted: true, signatureSha256: first.body.signatureSha256 });
    expect((await auditActions(id)).filter((a) => a === 'circulation.submit')).toHaveLength(1);

    const after = await clerk.get(`/api/circulations/${id}`);
    expect(after.body.steps.map((s: { status: string }) => s.status)).toEqual(['done', 'active', 'pending']);
    expect(after.body.currentReaders.sort()).toEqual([L.deputyA.name, L.deputyB.name].sort());
    expect(after.body.layers).toHaveLength(1);
    expect(after.body.layers[0]).toMatchObject({ name: L.secretary.name, instruction: body.instruction, circled: false });
    expect(after.body.layers[0].annotations).toHaveLength(4);

    // the signed instruction: openssl verifies it against the city CA and prints what was signed
    const p7m = path.join(tmp, 'instruction.p7m');
    fs.writeFileSync(p7m, await bytes(clerk, `/api/circulations/${id}/instructions/${first.body.taskId}`));
    const out = execFileSync('openssl', ['cms', '-verify', '-inform', 'DER', '-in', p7m, '-CAfile', ca.root, '-certfile', ca.issuing, '-binary'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const signed = JSON.parse(out);
    expect(signed).toMatchObject({
      format: 'yizhan-instruction/1',
      circulationId: id,
      instruction: body.instruction,
      reader: { username: L.secretary.username, name: L.secretary.name },
      document: { sha256: originalSha },
    });
    expect(signed.annotations).toHaveLength(4);
    expect(Date.parse(signed.signedAt)).toBeGreaterThan(Date.now() - 120_000);
    const signerPem = path.join(tmp, 'signer.pem');
    execFileSync(
      'openssl',
      ['cms', '-verify', '-inform', 'DER', '-in', p7m, '-CAfile', ca.root, '-certfile', ca.issuing, '-binary', '-signer', signerPem, '-out', '/dev/null'],
      { stdio: 'ignore' },
    );
    const signer = execFileSync('openssl', ['x509', '-in', signerPem, '-noout', '-subject', '-nameopt', 'utf8'], { encoding: 'utf8' });
    expect(signer).toContain(L.secretary.name);
  });

  it('the parallel readers see 书记’s layer and 圈阅 with one click; 秘书长 finishes the route', async () => {
    for (const p of [L.deputyA, L.deputyB]) {
      const view = await as[p.username].get(`/api/circulations/${id}`);
      expect(view.status).toBe(200);
      expect(view.body.layers.map((l: { name: string }) => l.name)).toEqual([L.secretary.name]);
      expect(view.body.myTask.status).toBe('pending');
    }
    for (const p of [L.deputyA, L.deputyB]) {
      const done = await as[p.username].post(`/api/circulations/${id}/submit`, { circled: true });
      expect(done.status, JSON.stringify(done.body)).toBe(200);
    }
    const view = await as[L.secretaryGeneral.username].get(`/api/circulations/${id}`);
    const circles = view.body.layers.flatMap((l: { annotations: Array<{ kind: string; name?: string; at?: number[] }> }) =>
      l.annotations.filter((a) => a.kind === 'circle'),
    );
    expect(circles.map((c: { name: string }) => c.name).sort()).toEqual([L.deputyA.name, L.deputyB.name].sort());
    expect(new Set(circles.map((c: { at: number[] }) => c.at.join()))).toHaveProperty('size', 2);
    expect((await as[L.secretaryGeneral.username].post(`/api/circulations/${id}/submit`, { circled: true, instruction: '已阅。' })).status).toBe(200);

    const done = await clerk.get(`/api/circulations/${id}`);
    expect(done.body.status).toBe('completed');
    expect(done.body.steps.every((s: { status: string }) => s.status === 'done')).toBe(true);
    expect(done.body.actions).toContain('close');
    const todos = await clerk.get('/api/workspace/todos');
    expect(todos.body.items.some((t: { kind: string }) => t.kind === '待办结')).toBe(true);
  });

  it('the annotated copy verifies in pdfsig; the original is untouched and separately valid', async () => {
    const copy = await clerk.post(`/api/circulations/${id}/annotated-copy`);
    expect(copy.status, JSON.stringify(copy.body)).toBe(201);
    const annotated = path.join(tmp, 'annotated.pdf');
    fs.writeFileSync(annotated, await bytes(clerk, `/api/circulations/${id}/annotated.pdf`));
    const sig = pdfsig(annotated, nss);
    expect(sig, sig).toContain('Signature is Valid.');
    expect(sig).toContain('Total document signed');
    expect(sig).toContain('Certificate is Trusted.');
    expect(sig).toContain('中共示范市委员会');
    expect(qpdfCheck(annotated).ok).toBe(true);
    const text = execFileSync('pdftotext', ['-layout', annotated, '-'], { encoding: 'utf8' });
    expect(text).toContain('领导批示单');
    expect(text).toContain('请市水利局牵头');
    expect(text).toContain('签名有效');

    const original = path.join(tmp, 'original.pdf');
    const pdf = await bytes(as[L.deputyA.username], `/api/circulations/${id}/document.pdf`);
    fs.writeFileSync(original, pdf);
    expect(sha256(pdf)).toBe(originalSha);
    const osig = pdfsig(original, nss);
    expect(osig).toContain('Signature is Valid.');
    expect(osig).toContain('示范市人民政府');
  });

  it('承办: the clerk assigns 市委办; it gets a 待办 with the instructions and reports back', async () => {
    const closed = await clerk.post(`/api/circulations/${id}/close`, { outcome: 'assign', agencyCode: 'swb', note: '请市委办跟踪督办' });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body.status).toBe('assigned');
    const swbClerk = (
      await server.platform.db.selectFrom('users').select(['username', 'roles']).where('agency_code', '=', 'swb').orderBy('created_at').execute()
    ).find((u) => (u.roles as string[]).includes('clerk'))!;
    const handler = await loggedIn(server, swbClerk.username);
    const todos = await handler.get('/api/workspace/todos');
    expect(todos.body.items.some((t: { kind: string }) => t.kind === '待承办')).toBe(true);
    const view = await handler.get(`/api/circulations/${id}`);
    expect(view.status).toBe(200);
    expect(view.body.layers).toHaveLength(4);
    expect(view.body.annotatedCopy).toBeTruthy();
    const handled = await handler.post(`/api/circulations/${id}/handled`, { note: '已组织落实' });
    expect(handled.status).toBe(200);
    expect(handled.body.status).toBe('handled');
    expect(await auditActions(id)).toEqual(
      expect.arrayContaining(['circulation.start', 'circulation.open', 'circulation.submit', 'circulation.copy', 'circulation.assign', 'circulation.handled']),
    );
  });
});

describe('circulation: changes while it runs, and bad input', () => {
  let id: string;
  let clerk: ApiClient;
  let L: Awaited<ReturnType<typeof swLeaders>>;
  const as: Record<string, ApiClient> = {};

  it('refuses annotating from someone not on the route (403, audited) and a huge ink payload (413)', async () => {
    const received = await receivedBySw(server, '示范市人民政府关于开展安全生产大检查的通知');
    clerk = received.clerk;
    L = await swLeaders(server);
    for (const p of [L.secretary, L.deputyA, L.deputyB, L.secretaryGeneral]) as[p.username] = await loggedIn(server, p.username);
    const started = await clerk.post('/api/circulations', {
      source: { kind: 'delivery', deliveryId: received.deliveryId },
      steps: [{ readers: [L.deputyA.username, L.deputyB.username] }],
    });
    expect(started.status).toBe(201);
    id = started.body.id;

    const outsider = as[L.secretaryGeneral.username];
    const denied = await outsider.post(`/api/circulations/${id}/submit`, { circled: true });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toContain('不在该公文的传阅路线上');
    const audit = await server.platform.db
      .selectFrom('audit_log')
      .select(['actor', 'details'])
      .where('action', '=', 'access.denied')
      .where('target_id', '=', id)
      .execute();
    expect(audit.map((a) => a.actor)).toContain(L.secretaryGeneral.username);
    expect((await outsider.get(`/api/circulations/${id}`)).status).toBe(403);
    const szfLeader = await loggedIn(
      server,
      (await server.platform.db.selectFrom('users').select(['username', 'roles']).where('agency_code', '=', 'szf').execute()).find((u) =>
        (u.roles as string[]).includes('leader'),
      )!.username,
    );
    expect((await szfLeader.post(`/api/circulations/${id}/draft`, { annotations: [] })).status).toBe(403);
    // a reader of another agency cannot be put on the route
    const bad = await clerk.post(`/api/circulations/${id}/steps`, { readers: ['admin'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('不属于本单位');

    const me = as[L.deputyA.username];
    const points = Array.from({ length: 60_000 }, (_, i) => [i % 500, (i * 7) % 800, 0.5]);
    const huge = await me.post(`/api/circulations/${id}/submit`, { annotations: [{ kind: 'ink', id: 'x', page: 1, color: '#000000', width: 2, points }] });
    expect(huge.status).toBe(413);
    expect(huge.body.error.message).toMatch(/^(笔迹过多|批注数据过大)/);
    const many = Array.from({ length: 30 }, (_, k) => ({
      kind: 'ink',
      id: `s${k}`,
      page: 1,
      color: '#000000',
      width: 2,
      points: Array.from({ length: 1_800 }, (_, i) => [i % 500, k, 0.5]),
    }));
    const tooMany = await me.post(`/api/circulations/${id}/draft`, { annotations: many });
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.error.message).toContain('上限 50000 个点');
    const empty = await me.post(`/api/circulations/${id}/submit`, {});
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toContain('请批注、填写批示或圈阅后再提交');
  });

  it('recalling the step keeps a reader’s unfinished work as a draft and tells them; resume gives it back', async () => {
    const me = as[L.deputyA.username];
    expect((await me.post(`/api/circulations/${id}/draft`, { annotations: sampleInk(), instruction: '初步意见' })).status).toBe(200);
    const view = await clerk.get(`/api/circulations/${id}`);
    const step = view.body.steps[0];
    const recalled = await clerk.post(`/api/circulations/${id}/steps/${step.id}/recall`);
    expect(recalled.status, JSON.stringify(recalled.body)).toBe(200);
    expect(recalled.body.status).toBe('paused');
    const notes = await me.get('/api/notifications');
    expect(notes.body.items[0]).toMatchObject({ title: expect.stringContaining('阅件已收回'), body: expect.stringContaining('草稿') });
    const blocked = await me.post(`/api/circulations/${id}/submit`, { circled: true });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.message).toContain('已保存为草稿');
    const mine = await me.get(`/api/circulations/${id}`);
    expect(mine.body.myTask).toMatchObject({ status: 'recalled', draft: { instruction: '初步意见' } });
    expect(mine.body.myTask.draft.annotations).toHaveLength(4);
    // the todo is gone while recalled
    expect((await me.get('/api/workspace/todos')).body.items.some((t: { link: string }) => t.link.includes(id))).toBe(false);

    const resumed = await clerk.post(`/api/circulations/${id}/steps/${step.id}/resume`);
    expect(resumed.body.status).toBe('running');
    const back = await me.get(`/api/circulations/${id}`);
    expect(back.body.myTask).toMatchObject({ status: 'pending', draft: { instruction: '初步意见' } });
  });

  it('转阅 with a note, 催阅, add and skip steps while it runs', async () => {
    const me = as[L.deputyB.username];
    const transferred = await me.post(`/api/circulations/${id}/transfer`, { to: L.secretaryGeneral.username, note: '请秘书长先行研究' });
    expect(transferred.status, JSON.stringify(transferred.body)).toBe(200);
    const sg = as[L.secretaryGeneral.username];
    const sgView = await sg.get(`/api/circulations/${id}`);
    expect(sgView.status).toBe(200);
    expect(sgView.body.myTask.status).toBe('pending');
    const task = sgView.body.steps[0].tasks.find((t: { username: string }) => t.username === L.secretaryGeneral.username);
    expect(task).toMatchObject({ kind: 'transfer', transferredFromName: L.deputyB.name, transferNote: '请秘书长先行研究' });
    expect((await sg.get('/api/workspace/todos')).body.items.some((t: { kind: string }) => t.kind === '转阅')).toBe(true);

    const stepId = sgView.body.steps[0].id;
    const reminded = await clerk.post(`/api/circulations/${id}/steps/${stepId}/remind`);
    expect(reminded.status).toBe(200);
    expect((await sg.get('/api/notifications')).body.items[0].title).toContain('催阅');
    expect((await clerk.post(`/api/circulations/${id}/steps/${stepId}/remind`)).status).toBe(429);

    const added = await clerk.post(`/api/circulations/${id}/steps`, { readers: [L.secretary.username] });
    expect(added.status).toBe(201);
    const extra = await clerk.post(`/api/circulations/${id}/steps`, { readers: [L.deputyB.username], after: stepId });
    expect(extra.status).toBe(201);
    expect(extra.body.steps.map((s: { tasks: Array<{ username: string }> }) => s.tasks.map((t) => t.username)[0])).toEqual([
      L.deputyA.username,
      L.deputyB.username,
      L.secretary.username,
    ]);
    const skipped = await clerk.post(`/api/circulations/${id}/steps/${extra.body.steps[1].id}/skip`);
    expect(skipped.body.steps[1].status).toBe('skipped');

    // the running step finishes; the skipped one is passed over; 书记 gets it
    for (const p of [L.deputyA, L.secretaryGeneral]) expect((await as[p.username].post(`/api/circulations/${id}/submit`, { circled: true })).status).toBe(200);
    const now = await clerk.get(`/api/circulations/${id}`);
    expect(now.body.steps.map((s: { status: string }) => s.status)).toEqual(['done', 'skipped', 'active']);
    expect(now.body.currentReaders).toEqual([L.secretary.name]);
    // 副书记 A's draft went into nothing else: their submitted layer is the 圈阅 alone
    expect(now.body.layers.find((l: { username: string }) => l.username === L.deputyA.username).annotations.map((a: { kind: string }) => a.kind)).toEqual([
      'circle',
    ]);
    const close = await clerk.post(`/api/circulations/${id}/close`, { outcome: 'done' });
    expect(close.status).toBe(409);
  });

  it('an overdue step is reminded once by the sweeper, and the clerk is told', async () => {
    const { sweepOverdueSteps } = await import('../../services/docexchange/src/circulation/sweep-overdue-steps');
    const { docContext } = await import('@yizhan/docexchange');
    const view = await clerk.get(`/api/circulations/${id}`);
    await server.platform.db
      .updateTable('circulation_steps' as never)
      .set({ deadline_at: new Date(Date.now() - 60_000) } as never)
      .where('id' as never, '=', view.body.steps[2].id as never)
      .execute();
    const ctx = docContext(server.platform);
    expect(await sweepOverdueSteps(ctx)).toBe(1);
    expect(await sweepOverdueSteps(ctx)).toBe(0);
    expect((await as[L.secretary.username].get('/api/notifications')).body.items[0].title).toContain('催阅');
    expect((await clerk.get('/api/notifications')).body.items[0].title).toContain('阅件逾期');
    const late = await clerk.get(`/api/circulations/${id}`);
    expect(late.body.overdue).toBe(true);
    expect((await clerk.get('/api/workspace/todos')).body.items.some((t: { kind: string; overdue: boolean }) => t.kind === '阅件逾期' && t.overdue)).toBe(true);
  });
});

describe('circulation of an internal document', () => {
  it('市政府 circulates a document it issued itself among its own leaders', async () => {
    const { issueDocument } = await import('../support/docexchange-flow');
    const { id: documentId } = await issueDocument(server, 'szf', { title: '示范市人民政府关于调整议事协调机构的通知', mainRecipients: ['fgw'] });
    const people = await server.platform.db
      .selectFrom('users')
      .select(['username', 'roles', 'title'])
      .where('agency_code', '=', 'szf')
      .orderBy('created_at')
      .execute();
    const clerk = await loggedIn(server, people.find((p) => (p.roles as string[]).includes('clerk'))!.username);
    const mayor = people.find((p) => p.title === '市长')!.username;
    const started = await clerk.post('/api/circulations', { source: { kind: 'document', documentId }, steps: [{ readers: [mayor] }] });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(started.body).toMatchObject({ sourceKind: 'document', fromAgencyName: '示范市人民政府', currentReaders: [expect.any(String)] });
    const doc = (await server.platform.db
      .selectFrom('documents' as never)
      .select(['sealed_pdf_sha256' as never])
      .where('id' as never, '=', documentId as never)
      .executeTakeFirstOrThrow()) as { sealed_pdf_sha256: string };
    expect(started.body.documentSha256).toBe(doc.sealed_pdf_sha256);
    const leader = await loggedIn(server, mayor);
    expect((await leader.post(`/api/circulations/${started.body.id}/submit`, { circled: true, instruction: '同意。' })).status).toBe(200);
    expect((await clerk.get(`/api/circulations/${started.body.id}`)).body.status).toBe('completed');
    // another agency cannot circulate it, nor see this circulation
    const fgwClerk = await loggedIn(
      server,
      (await server.platform.db.selectFrom('users').select(['username', 'roles']).where('agency_code', '=', 'fgw').execute()).find((u) =>
        (u.roles as string[]).includes('clerk'),
      )!.username,
    );
    expect((await fgwClerk.post('/api/circulations', { source: { kind: 'document', documentId }, steps: [{ readers: [mayor] }] })).status).toBe(403);
    expect((await fgwClerk.get(`/api/circulations/${started.body.id}`)).status).toBe(403);
  });
});
