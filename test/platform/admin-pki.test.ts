// Admin: users and agencies, certificates issued from the city CA and revoked into the CRL — checked
// with openssl, not only with our own code.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startTestServer, type TestServer } from '../support/temp-server';

let server: TestServer;
let admin: ApiClient;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-pki-'));

beforeAll(async () => {
  server = await startTestServer();
  admin = new ApiClient(server.url);
  expect((await admin.login('admin', 'yizhan2026')).status).toBe(200);
});
afterAll(async () => {
  await server?.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function splitBundle(bundle: string): { root: string; issuing: string } {
  const certs = bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/g)!;
  expect(certs).toHaveLength(2);
  fs.writeFileSync(path.join(tmp, 'root.pem'), certs[0]);
  fs.writeFileSync(path.join(tmp, 'issuing.pem'), certs[1]);
  return { root: path.join(tmp, 'root.pem'), issuing: path.join(tmp, 'issuing.pem') };
}

describe('certificates', () => {
  let certId: string;
  let serial: string;

  it('issues an agency seal certificate that openssl verifies against the published city CA', async () => {
    const issued = await admin.post('/api/admin/certificates', { kind: 'agency', agencyCode: 'jyj' });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ kind: 'agency', agencyCode: 'jyj', status: 'active', subject: '示范市教育局' });
    certId = issued.body.id;
    serial = issued.body.serialHex;

    const row = await server.platform.db.selectFrom('certificates').select(['cert_pem', 'key_enc']).where('id', '=', certId).executeTakeFirstOrThrow();
    expect(row.key_enc).toMatch(/^v1\./); // private key encrypted at rest, not PEM
    expect(row.key_enc).not.toContain('PRIVATE KEY');
    const leaf = path.join(tmp, 'jyj.pem');
    fs.writeFileSync(leaf, row.cert_pem);

    const bundle = await fetch(`${server.url}/api/pki/ca.pem`).then((r) => r.text()); // public, no login
    const { root, issuing } = splitBundle(bundle);
    const out = execFileSync('openssl', ['verify', '-CAfile', root, '-untrusted', issuing, leaf], { encoding: 'utf8' });
    expect(out.trim()).toBe(`${leaf}: OK`);
    const subject = execFileSync('openssl', ['x509', '-in', leaf, '-noout', '-subject', '-nameopt', 'utf8'], { encoding: 'utf8' });
    expect(subject).toContain('CN=示范市教育局');

    const dup = await admin.post('/api/admin/certificates', { kind: 'agency', agencyCode: 'jyj' });
    expect(dup.status).toBe(409);
  });

  it('revokes it: the CRL lists the serial and openssl verify -crl_check says revoked', async () => {
    const res = await admin.post(`/api/admin/certificates/${certId}/revoke`, { reason: 'keyCompromise' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'revoked', revocationReason: 'keyCompromise' });
    const crlPem = await fetch(`${server.url}/api/pki/crl.pem`).then((r) => r.text());
    const crl = path.join(tmp, 'crl.pem');
    fs.writeFileSync(crl, crlPem);
    const text = execFileSync('openssl', ['crl', '-in', crl, '-noout', '-text'], { encoding: 'utf8' });
    expect(text.toUpperCase()).toContain(serial.toUpperCase().replace(/^0+/, ''));
    const { root, issuing } = { root: path.join(tmp, 'root.pem'), issuing: path.join(tmp, 'issuing.pem') };
    const verify = spawnSync('openssl', ['verify', '-crl_check', '-CRLfile', crl, '-CAfile', root, '-untrusted', issuing, path.join(tmp, 'jyj.pem')], { encoding: 'utf8' });
    expect(verify.status).not.toBe(0);
    expect(verify.stdout + verify.stderr).toContain('certificate revoked');
    const again = await admin.post(`/api/admin/certificates/${certId}/revoke`, { reason: 'keyCompromise' });
    expect(again.status).toBe(409);
    const audited = await server.platform.db.selectFrom('audit_log').selectAll().where('action', '=', 'certificate.revoke').execute();
    expect(audited.map((a) => a.target_id)).toContain(serial);
  });

  it('issues a personal certificate for a leader and lists certificates by kind', async () => {
    const users = await admin.get('/api/admin/users?agency=szf');
    const leader = users.body.users.find((u: { roles: string[] }) => u.roles.includes('leader'));
    const res = await admin.post('/api/admin/certificates', { kind: 'user', username: leader.username });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'user', username: leader.username, subject: leader.name });
    const list = await admin.get('/api/admin/certificates?kind=user');
    expect(list.body.certificates.map((c: { username: string }) => c.username)).toContain(leader.username);
  });
});

describe('users and agencies', () => {
  it('creates a user with a unified mail address who can then log in', async () => {
    const res = await admin.post('/api/admin/users', { username: 'wangxiaoming', name: '王小明', agencyCode: 'fgw', roles: ['staff'], title: '科员', password: 'start2026pw' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ username: 'wangxiaoming', mailAddress: 'wangxiaoming@fgw.example.gov.cn', agencyName: '示范市发展和改革委员会' });
    const dup = await admin.post('/api/admin/users', { username: 'wangxiaoming', name: '王小明', agencyCode: 'fgw', roles: ['staff'], password: 'start2026pw' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toContain('已被使用');
    const weak = await admin.post('/api/admin/users', { username: 'lisi', name: '李四', agencyCode: 'fgw', roles: ['staff'], password: 'abcdefgh' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.message).toBe('密码须同时包含字母和数字');
    const unknownAgency = await admin.post('/api/admin/users', { username: 'lisi', name: '李四', agencyCode: 'nowhere', roles: ['staff'], password: 'abcd1234' });
    expect(unknownAgency.status).toBe(400);
    expect(await server.platform.db.selectFrom('users').select('id').where('username', '=', 'lisi').execute()).toEqual([]);
    const user = new ApiClient(server.url);
    expect((await user.login('wangxiaoming', 'start2026pw')).status).toBe(200);
  });

  it('disabling a user ends their session and refuses login, keeping the account', async () => {
    const user = new ApiClient(server.url);
    await user.login('wangxiaoming', 'start2026pw');
    const res = await admin.patch('/api/admin/users/wangxiaoming', { disabled: true });
    expect(res.status).toBe(200);
    expect(res.body.disabled).toBe(true);
    expect((await user.get('/api/auth/me')).status).toBe(401);
    const again = await new ApiClient(server.url).login('wangxiaoming', 'start2026pw');
    expect(again.status).toBe(403);
    expect(again.body.error.code).toBe('ACCOUNT_DISABLED');
    expect((await admin.patch('/api/admin/users/admin', { disabled: true })).status).toBe(400);
  });

  it('creates an agency under a county with its mail domain; refuses a taken document prefix', async () => {
    const res = await admin.post('/api/admin/agencies', { code: 'lh-sfj', name: '临河县司法局', shortName: '临河县司法局', parentCode: 'lh', kind: 'county-department', docPrefix: '临司' });
    expect(res.status).toBe(201);
    expect(res.body.mailAddress).toBe('office@lh-sfj.example.gov.cn');
    const taken = await admin.post('/api/admin/agencies', { code: 'lh-sfj2', name: '重复', shortName: '重复', parentCode: 'lh', kind: 'county-department', docPrefix: '临司' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toBe('单位代码或发文字号前缀已被使用');
  });

  it('keeps the audit chain intact through all of it', async () => {
    const res = await admin.get('/api/admin/audit/verify');
    expect(res.body.ok).toBe(true);
    expect(res.body.entries).toBeGreaterThan(10);
  });
});
