// The whole exchange over the real API: draft → 签发 → sealed, encrypted, delivered to two agencies;
// one signs for it, one returns it; the sender sees both. Independent tools check the artefacts.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/temp-server';
import { waitFor } from '../support/wait-for';
import { issueDocument, loggedIn, peopleOf } from '../support/docexchange-flow';
import { yizhan } from '../support/yizhan-cli';
import { nssTrustStore, pdfsig, qpdfCheck, splitCaBundle } from '../support/pdf-tools';

let server: TestServer;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-docx-'));

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});


describe('document exchange over the API', () => {
  let documentId: string;
  let docNumber: string;

  it('issues a document from 市政府 to 发改委 and 教育局 with a PDF attachment', async () => {
    const attachment = fs.readFileSync(execFileSync('sh', ['-c', 'ls /usr/share/doc/*/*.pdf 2>/dev/null | head -1'], { encoding: 'utf8' }).trim() || path.join(tmp, 'none'));
    const { id, detail } = await issueDocument(server, 'szf', { title: '示范市人民政府关于加快推进数字政府建设的意见', urgency: '加急', mainRecipients: ['fgw', 'jyj'], ccRecipients: [] }, [{ name: '附件1 重点任务分工.pdf', bytes: attachment }]);
    documentId = id;
    expect(detail.status).toBe('dispatched');
    expect(detail.docNumber).toMatch(/^示政〔\d{4}〕1号$/);
    docNumber = detail.docNumber;
    expect(detail.signer).toBeTruthy();
    expect(detail.approvals.map((a: { step: string; decision: string }) => `${a.step}:${a.decision}`)).toEqual(['submit:submitted', 'approve:approved']);
  });

  it('delivers to both agencies, which see it in 待签收 with a verified verdict', async () => {
    for (const agency of ['fgw', 'jyj']) {
      const { clerk } = await peopleOf(server, agency);
      const api = await loggedIn(server, clerk);
      const list = await waitFor(async () => {
        const r = await api.get('/api/incoming?status=pending');
        return r.body.items.length ? r.body : undefined;
      });
      expect(list.items[0]).toMatchObject({ documentId, docNumber, urgency: '加急', fromAgencyName: '示范市人民政府', status: 'delivered', overdue: false });
      const deadline = new Date(list.items[0].deadline).getTime() - new Date(list.items[0].deliveredAt).getTime();
      expect(deadline).toBe(24 * 3600_000);
      const opened = await api.get(`/api/incoming/${list.items[0].deliveryId}`);
      expect(opened.status).toBe(200);
      expect(opened.body.verdict.ok, JSON.stringify(opened.body.verdict)).toBe(true);
      expect(opened.body.files.map((f: { path: string }) => f.path)).toEqual(['document.pdf', 'attachments/01.pdf']);
      const todos = await api.get('/api/workspace/todos');
      expect(todos.body.items.some((t: { kind: string; title: string }) => t.kind === '待签收' && t.title.includes('数字政府'))).toBe(true);
    }
  });

  it('fgw signs for it and jyj returns it; the sender tracks both', async () => {
    const fgw = await loggedIn(server, (await peopleOf(server, 'fgw')).clerk);
    const jyj = await loggedIn(server, (await peopleOf(server, 'jyj')).clerk);
    const fgwItem = (await fgw.get('/api/incoming?status=pending')).body.items[0];
    const jyjItem = (await jyj.get('/api/incoming?status=pending')).body.items[0];
    const signed = await fgw.post(`/api/incoming/${fgwItem.deliveryId}/sign`);
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    expect(signed.body.status).toBe('signed');
    const noReason = await jyj.post(`/api/incoming/${jyjItem.deliveryId}/return`, { reason: '' });
    expect(noReason.status).toBe(400);
    const returned = await jyj.post(`/api/incoming/${jyjItem.deliveryId}/return`, { reason: '主送机关有误，应主送市教育局下属单位' });
    expect(returned.body.status).toBe('returned');
    expect((await jyj.post(`/api/incoming/${jyjItem.deliveryId}/sign`)).status).toBe(409);

    const sender = await loggedIn(server, (await peopleOf(server, 'szf')).clerk);
    const doc = await sender.get(`/api/documents/${documentId}`);
    const byAgency = Object.fromEntries(doc.body.deliveries.map((d: { agencyCode: string }) => [d.agencyCode, d]));
    expect(byAgency.fgw).toMatchObject({ status: 'signed', signedBy: expect.any(String) });
    expect(byAgency.jyj).toMatchObject({ status: 'returned', returnReason: '主送机关有误，应主送市教育局下属单位' });

    const reg = await fgw.post(`/api/incoming/${fgwItem.deliveryId}/register`, { proposal: '拟请分管领导阅示' });
    expect(reg.status).toBe(201);
    expect(reg.body.registerNumber).toMatch(/^示发改收〔\d{4}〕1号$/);
    const xlsx = await fetch(`${server.url}/api/register?format=xlsx`, { headers: { cookie: fgw.cookie } });
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const csv = await fetch(`${server.url}/api/register?format=csv`, { headers: { cookie: fgw.cookie } }).then((r) => r.text());
    expect(csv).toContain('收文编号');
    expect(csv).toContain(docNumber);
  });

  it('produces artefacts that pdfsig, qpdf and openssl accept (yizhan export)', async () => {
    const out = path.join(tmp, 'export');
    const exp = await yizhan(['export', '--doc', docNumber, '--agency', 'fgw', '--out', out], { env: server.env });
    expect(exp.code, exp.stderr).toBe(0);
    expect(JSON.parse(exp.stdout)).toMatchObject({ files: ['document.pdf', 'package.p7m', 'receipt.p7s'], verdict: true });
    const keys = await yizhan(['keys', 'export', '--agency', 'fgw', '--out', path.join(tmp, 'keys')], { env: server.env });
    expect(keys.code, keys.stderr).toBe(0);
    const ca = splitCaBundle(fs.readFileSync(path.join(tmp, 'keys/ca.pem'), 'utf8'), tmp);

    const pdf = path.join(out, 'document.pdf');
    const sig = pdfsig(pdf, nssTrustStore(tmp, ca));
    expect(sig).toContain('Signature is Valid.');
    expect(sig).toContain('Total document signed');
    expect(sig).toContain('Certificate is Trusted.');
    expect(sig).toContain('ETSI.CAdES.detached');
    const q = qpdfCheck(pdf);
    expect(q.ok, q.output).toBe(true);

    // openssl opens the package with fgw's exported key and gets exactly the package that was sent
    const decrypted = path.join(tmp, 'package.tar');
    execFileSync('openssl', ['cms', '-decrypt', '-inform', 'DER', '-in', path.join(out, 'package.p7m'), '-recip', path.join(tmp, 'keys/fgw.cert.pem'), '-inkey', path.join(tmp, 'keys/fgw.key.pem'), '-out', decrypted]);
    const doc = await server.platform.db.selectFrom('documents' as never).select(['package_sha256' as never]).where('id' as never, '=', documentId as never).executeTakeFirstOrThrow() as { package_sha256: string };
    expect(fs.readFileSync(decrypted).equals(await server.platform.blobs.getBuffer(doc.package_sha256))).toBe(true);
    expect(execFileSync('tar', ['-tf', decrypted], { encoding: 'utf8' }).split('\n').filter(Boolean)).toEqual(['manifest.json', 'manifest.p7s', 'document.pdf', 'attachments/01.pdf']);

    // the receipt verifies with openssl and names the package it acknowledges
    const receipt = execFileSync('openssl', ['cms', '-verify', '-inform', 'DER', '-in', path.join(out, 'receipt.p7s'), '-CAfile', ca.root, '-certfile', ca.issuing, '-binary'], { encoding: 'utf8' });
    expect(JSON.parse(receipt)).toMatchObject({ docNumber, receiverAgencyCode: 'fgw' });

    const verify = await yizhan(['verify', pdf], { env: server.env });
    expect(verify.code, verify.stderr).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ valid: true, agency: { code: 'szf' }, chainTrusted: true, revoked: false });
  });
});
