// Refusals with clear Chinese messages and nothing half-written: wrong files, huge uploads, classified
// documents, unknown recipients, a revoked sender certificate, a tampered package or PDF, a taken
// document number. Also 催办 when 签收 is overdue, and `yizhan send`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { startTestServer, type TestServer } from '../support/temp-server';
import { waitFor } from '../support/wait-for';
import { body, issueDocument, loggedIn, peopleOf } from '../support/docexchange-flow';
import { yizhan } from '../support/yizhan-cli';

let server: TestServer;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-docbad-'));

beforeAll(async () => {
  server = await startTestServer({ YIZHAN_OVERDUE_SWEEP_SECONDS: '0.5' });
});
afterAll(async () => {
  await server?.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const db = () => server.platform.db as any;
const upload = (api: Awaited<ReturnType<typeof loggedIn>>, id: string, name: string, bytes: Buffer) =>
  api.request('POST', `/api/documents/${id}/attachments`, undefined, { raw: bytes as unknown as string, headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(name) } });

async function smallPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([200, 200]).drawText('attachment');
  return Buffer.from(await doc.save());
}


describe('drafting refusals', () => {
  it('refuses classified documents (audited) and unknown or duplicate recipients, storing nothing', async () => {
    const api = await loggedIn(server, (await peopleOf(server, 'szf')).clerk);
    const before = (await db().selectFrom('documents').select((eb: any) => eb.fn.countAll().as('n')).executeTakeFirst()).n;
    const secret = await api.post('/api/documents', { title: '绝密事项', classification: '机密', mainRecipients: ['fgw'], body: body('内容') });
    expect(secret.status).toBe(400);
    expect(secret.body.error.message).toContain('机密公文不得通过电子公文交换系统传输');
    const audited = await db().selectFrom('audit_log').selectAll().where('action', '=', 'document.refused.classified').execute();
    expect(audited).toHaveLength(1);
    const unknown = await api.post('/api/documents', { title: '通知', mainRecipients: ['fgw', 'nowhere'], body: body('内容') });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe('收文单位不存在：nowhere');
    const dup = await api.post('/api/documents', { title: '通知', mainRecipients: ['fgw'], ccRecipients: ['fgw'], body: body('内容') });
    expect(dup.status).toBe(400);
    expect(dup.body.error.message).toContain('重复');
    const self = await api.post('/api/documents', { title: '通知', mainRecipients: ['szf'], body: body('内容') });
    expect(self.body.error.message).toBe('不能向本单位发文');
    const after = (await db().selectFrom('documents').select((eb: any) => eb.fn.countAll().as('n')).executeTakeFirst()).n;
    expect(after).toBe(before);
  });

  it('refuses non-PDF, corrupt and oversized attachments with Chinese messages, keeping nothing', async () => {
    const api = await loggedIn(server, (await peopleOf(server, 'szf')).clerk);
    const draft = await api.post('/api/documents', { title: '附件测试', mainRecipients: ['fgw'], body: body('内容') });
    const id = draft.body.id;
    const fake = await upload(api, id, '报告.pdf', Buffer.from('this is not a pdf at all'));
    expect(fake.status).toBe(400);
    expect(fake.body.error.message).toContain('不是支持的格式');
    const pdf = await smallPdf();
    const truncated = await upload(api, id, '截断.pdf', pdf.subarray(0, pdf.length - 200));
    expect(truncated.status).toBe(400);
    expect(truncated.body.error.message).toContain('已损坏或不完整');
    const huge = Buffer.alloc(200 * 1024 * 1024, 0x20);
    huge.write('%PDF-1.7\n');
    const big = await upload(api, id, '大文件.pdf', huge);
    expect(big.status).toBe(413);
    expect(big.body.error.message).toContain('50MB');
    const ok = await upload(api, id, '正常附件.pdf', pdf);
    expect(ok.status).toBe(201);
    const rows = await db().selectFrom('document_attachments').selectAll().where('document_id', '=', id).execute();
    expect(rows.map((r: any) => r.name)).toEqual(['正常附件.pdf']);
    expect(await server.platform.blobs.stat(ok.body.sha256)).not.toBeNull();
  });

  it('requires a leader of the agency as 签发人 and refuses others approving', async () => {
    const { clerk, staff } = await peopleOf(server, 'szf');
    const api = await loggedIn(server, clerk);
    const draft = await api.post('/api/documents', { title: '签发人测试', mainRecipients: ['fgw'], body: body('内容') });
    const wrong = await api.post(`/api/documents/${draft.body.id}/submit`, { approver: staff });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toBe('签发人必须是本单位的领导');
    const otherLeader = (await peopleOf(server, 'fgw')).leader;
    expect((await api.post(`/api/documents/${draft.body.id}/submit`, { approver: otherLeader })).status).toBe(400);
    expect((await db().selectFrom('documents').select('status').where('id', '=', draft.body.id).executeTakeFirst()).status).toBe('draft');
  });
});

describe('verification of what was received', () => {
  it('reports a byte flipped anywhere in the stored package as failed, and refuses to sign for it', async () => {
    const { id } = await issueDocument(server, 'szf', { title: '篡改检测测试', mainRecipients: ['czj'] }, [{ name: '附件.pdf', bytes: await smallPdf() }]);
    const fgw = await loggedIn(server, (await peopleOf(server, 'czj')).clerk);
    const item = await waitFor(async () => (await fgw.get('/api/incoming')).body.items.find((i: any) => i.documentId === id));
    expect((await fgw.get(`/api/incoming/${item.deliveryId}`)).body.verdict.ok).toBe(true);
    const doc = await db().selectFrom('documents').select(['envelope_sha256']).where('id', '=', id).executeTakeFirst();
    const file = path.join(server.dataDir, 'blobs', doc.envelope_sha256.slice(0, 2), doc.envelope_sha256.slice(2, 4), doc.envelope_sha256);
    const original = fs.readFileSync(file);
    for (const at of [0, 10, Math.floor(original.length / 3), Math.floor(original.length / 2), original.length - 20, original.length - 1]) {
      const bad = Buffer.from(original);
      bad[at] ^= 0x01;
      fs.writeFileSync(file, bad);
      const opened = await fgw.get(`/api/incoming/${item.deliveryId}`);
      expect(opened.status).toBe(200);
      expect(opened.body.verdict.ok, `flip at ${at}`).toBe(false);
      expect(opened.body.verdict.checks.find((c: any) => c.name === 'stored-package-intact').ok).toBe(false);
    }
    const refused = await fgw.post(`/api/incoming/${item.deliveryId}/sign`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('验证未通过');
    fs.writeFileSync(file, original);
    expect((await fgw.get(`/api/incoming/${item.deliveryId}`)).body.verdict.ok).toBe(true);
  });

  it('reports a tampered sealed PDF invalid (yizhan verify exits 1)', async () => {
    const doc = await db().selectFrom('documents').select(['sealed_pdf_sha256']).where('title', '=', '篡改检测测试').executeTakeFirst();
    const pdf = await server.platform.blobs.getBuffer(doc.sealed_pdf_sha256);
    const good = path.join(tmp, 'good.pdf');
    fs.writeFileSync(good, pdf);
    expect((await yizhan(['verify', good], { env: server.env })).code).toBe(0);
    for (const at of [100, Math.floor(pdf.length / 2), pdf.length - 100]) {
      const bad = Buffer.from(pdf);
      bad[at] ^= 0x01;
      const file = path.join(tmp, `bad-${at}.pdf`);
      fs.writeFileSync(file, bad);
      const r = await yizhan(['verify', file], { env: server.env });
      expect(r.code, `flip at ${at}: ${r.stdout}`).toBe(1);
      expect(JSON.parse(r.stdout).valid).toBe(false);
    }
  });

  it('fails the verdict when the sender certificate was revoked for key compromise', async () => {
    const { id } = await issueDocument(server, 'fgw', { title: '吊销证书测试', mainRecipients: ['jyj'] });
    const cert = await db().selectFrom('certificates').select(['id']).where('agency_code', '=', 'fgw').where('kind', '=', 'agency').where('status', '=', 'active').executeTakeFirst();
    const admin = await loggedIn(server, 'admin');
    expect((await admin.post(`/api/admin/certificates/${cert.id}/revoke`, { reason: 'keyCompromise' })).status).toBe(200);
    const jyj = await loggedIn(server, (await peopleOf(server, 'jyj')).clerk);
    const item = await waitFor(async () => (await jyj.get('/api/incoming')).body.items.find((i: any) => i.documentId === id));
    const opened = await jyj.get(`/api/incoming/${item.deliveryId}`);
    expect(opened.body.verdict.ok).toBe(false);
    expect(opened.body.verdict.checks.filter((c: any) => !c.ok).map((c: any) => c.name)).toEqual(expect.arrayContaining(['signer-not-revoked']));
  });
});

describe('numbering and chasing', () => {
  it('refuses issuance when the next number is already taken, without a gap or a half-issued document', async () => {
    const { clerk, leader } = await peopleOf(server, 'jyj');
    const api = await loggedIn(server, clerk);
    const draft = await api.post('/api/documents', { title: '字号冲突测试', mainRecipients: ['fgw'], body: body('内容') });
    await api.post(`/api/documents/${draft.body.id}/submit`, { approver: leader });
    const seq = await db().selectFrom('doc_sequences').select('last_number').where('agency_code', '=', 'jyj').where('kind', '=', 'outgoing').executeTakeFirst();
    const next = Number(seq?.last_number ?? 0) + 1;
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    // a legacy document already holds the next number
    await db().updateTable('documents').set({ doc_number: `示教〔${year}〕${next}号` }).where('title', '=', '附件测试').execute();
    const lead = await loggedIn(server, leader);
    const res = await lead.post(`/api/documents/${draft.body.id}/approve`, { decision: 'approve', comment: '' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('已被占用');
    const after = await db().selectFrom('documents').select(['status', 'doc_number']).where('id', '=', draft.body.id).executeTakeFirst();
    expect(after).toEqual({ status: 'approving', doc_number: null });
    const seqAfter = await db().selectFrom('doc_sequences').select('last_number').where('agency_code', '=', 'jyj').where('kind', '=', 'outgoing').executeTakeFirst();
    expect(Number(seqAfter?.last_number ?? 0)).toBe(next - 1);
  });

  it('flags overdue 签收 in both agencies and reminds the recipient (催办)', async () => {
    const { id } = await issueDocument(server, 'szf', { title: '逾期催办测试', urgency: '特急', mainRecipients: ['sfj'] });
    const delivery = await waitFor(async () => db().selectFrom('deliveries').selectAll().where('document_id', '=', id).where('status', '=', 'delivered').executeTakeFirst());
    expect(new Date(delivery.deadline_at).getTime() - new Date(delivery.delivered_at).getTime()).toBe(2 * 3600_000);
    await db().updateTable('deliveries').set({ deadline_at: new Date(Date.now() - 60_000) }).where('id', '=', delivery.id).execute();
    await waitFor(async () => (await db().selectFrom('deliveries').select('overdue_notified_at').where('id', '=', delivery.id).executeTakeFirst()).overdue_notified_at);
    const recipient = await loggedIn(server, (await peopleOf(server, 'sfj')).clerk);
    const todos = (await recipient.get('/api/workspace/todos')).body.items;
    expect(todos.find((t: any) => t.title === '逾期催办测试')).toMatchObject({ kind: '待签收', overdue: true });
    expect((await recipient.get('/api/notifications')).body.items.some((n: any) => n.title.startsWith('催办：逾期催办测试'))).toBe(true);
    const sender = await loggedIn(server, (await peopleOf(server, 'szf')).clerk);
    expect((await sender.get('/api/workspace/todos')).body.items.some((t: any) => t.kind === '对方逾期未签收' && t.title === '逾期催办测试')).toBe(true);
    const reminded = await sender.post(`/api/documents/${id}/remind`);
    expect(reminded.body).toEqual({ ok: true, reminded: expect.any(Number) });
    expect((await recipient.get('/api/notifications')).body.items.some((n: any) => n.title === '催办：请尽快签收《逾期催办测试》')).toBe(true);
  });
});

describe('yizhan send', () => {
  it('runs draft → 签发 → seal → dispatch and prints the deliveries', async () => {
    const bodyFile = path.join(tmp, 'body.md');
    fs.writeFileSync(bodyFile, '# 一、工作目标\n\n全面完成年度任务。\n\n# 二、工作要求\n\n各单位要高度重视。\n');
    const att = path.join(tmp, '实施方案.pdf');
    fs.writeFileSync(att, await smallPdf());
    const r = await yizhan(['send', '--as', (await peopleOf(server, 'szf')).clerk, '--title', '关于做好年度工作的通知', '--to', 'fgw,jyj', '--cc', 'czj', '--body', bodyFile, '--attach', att, '--urgency', '加急'], { env: server.env, cwd: tmp });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.docNumber).toMatch(/^示政〔\d{4}〕\d+号$/);
    expect(out.deliveries).toHaveLength(3);
    expect(out.deliveries).toEqual(
      expect.arrayContaining([
        { agency: 'fgw', status: 'delivered' },
        { agency: 'jyj', status: 'delivered' },
        { agency: 'czj', status: 'delivered' },
      ]),
    );
    const audit = await db().selectFrom('audit_log').selectAll().where('action', '=', 'cli.send').execute();
    expect(audit).toHaveLength(1);
    const bad = await yizhan(['send', '--as', 'nobody', '--title', 'x', '--to', 'fgw'], { env: server.env });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('不存在');
  });
});
