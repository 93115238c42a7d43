// The admin CLI as an operator runs it: a separate `yizhan` process that reaches the running server
// through its admin socket (the embedded database has one writer), and opens the data dir itself
// when no server runs.
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startTestServer, type TestServer } from '../support/temp-server';

const BIN = path.resolve(import.meta.dirname, '../../services/server/bin/yizhan.mjs');
let server: TestServer;
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-cli-'));

/** Asynchronous on purpose: the server answering the CLI runs in this very process. */
function yizhan(args: string[], env: Record<string, string> = server.env): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: out, env: { ...process.env, ...env, LOG_LEVEL: 'warn' } }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.dispose();
  fs.rmSync(out, { recursive: true, force: true });
});

describe('yizhan CLI against a running server', () => {
  it('lists agencies and users as JSON', async () => {
    const agencies = JSON.parse((await yizhan(['agencies', '--json'])).stdout);
    expect(agencies.length).toBeGreaterThanOrEqual(140);
    expect(agencies.find((a: { code: string }) => a.code === 'fgw')).toEqual({
      code: 'fgw',
      name: '示范市发展和改革委员会',
      parent: 'szf',
      prefix: '示发改',
      mailAddress: 'office@fgw.example.gov.cn',
    });
    const users = JSON.parse((await yizhan(['users', '--json', '--agency', 'fgw'])).stdout);
    expect(users.length).toBeGreaterThanOrEqual(3);
    for (const u of users) {
      expect(u.agency).toBe('fgw');
      expect(u.mailAddress).toBe(`${u.username}@fgw.example.gov.cn`);
    }
    expect(new Set(users.flatMap((u: { roles: string[] }) => u.roles))).toEqual(new Set(['clerk', 'leader', 'staff']));
  });

  it('adds a user and resets a password; both take effect on the web login', async () => {
    const add = await yizhan(['users', 'add', 'zhaoliu', '--name', '赵六', '--agency', 'lh', '--roles', 'clerk,staff', '--password', 'first2026pw', '--title', '收发员']);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain('zhaoliu@lh.example.gov.cn');
    expect((await new ApiClient(server.url).login('zhaoliu', 'first2026pw')).status).toBe(200);
    const reset = await yizhan(['users', 'reset-password', 'zhaoliu', '--password', 'second2026pw']);
    expect(reset.code).toBe(0);
    expect((await new ApiClient(server.url).login('zhaoliu', 'first2026pw')).status).toBe(401);
    expect((await new ApiClient(server.url).login('zhaoliu', 'second2026pw')).status).toBe(200);
    const bad = await yizhan(['users', 'add', 'x1', '--name', 'X', '--agency', 'lh', '--roles', 'emperor', '--password', 'abc12345']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown role');
    const audit = await server.platform.db.selectFrom('audit_log').selectAll().where('target_id', '=', 'zhaoliu').execute();
    expect(audit.map((a) => [a.actor, a.action])).toEqual([
      ['cli:admin', 'user.create'],
      ['zhaoliu', 'auth.login'],
      ['cli:admin', 'user.reset-password'],
      ['zhaoliu', 'auth.login.failed'],
      ['zhaoliu', 'auth.login'],
    ]);
  });

  it('exports the CA and an agency key pair that openssl accepts as a matching, valid pair', async () => {
    expect((await yizhan(['ca', 'export', '--out', 'ca.pem'])).code).toBe(0);
    const exp = await yizhan(['keys', 'export', '--agency', 'fgw', '--out', 'escrow']);
    expect(exp.code, exp.stderr).toBe(0);
    const cert = path.join(out, 'escrow/fgw.cert.pem');
    const key = path.join(out, 'escrow/fgw.key.pem');
    expect(fs.statSync(key).mode & 0o777).toBe(0o600);
    const certs = fs.readFileSync(path.join(out, 'ca.pem'), 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/g)!;
    fs.writeFileSync(path.join(out, 'root.pem'), certs[0]);
    fs.writeFileSync(path.join(out, 'issuing.pem'), certs[1]);
    expect(execFileSync('openssl', ['verify', '-CAfile', 'root.pem', '-untrusted', 'issuing.pem', cert], { cwd: out, encoding: 'utf8' })).toContain('OK');
    const certKey = execFileSync('openssl', ['x509', '-in', cert, '-noout', '-pubkey'], { encoding: 'utf8' });
    const privKey = execFileSync('openssl', ['pkey', '-in', key, '-pubout'], { encoding: 'utf8' });
    expect(privKey).toBe(certKey);
  });

  it('answers unknown commands and bad usage with exit 2 and help', async () => {
    const r = await yizhan(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command');
    expect((await yizhan(['keys', 'export', '--agency', 'fgw'])).code).toBe(2);
    const missing = await yizhan(['keys', 'export', '--agency', 'nowhere', '--out', 'x']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('不存在');
  });

  it('audit verify exits 0 on an intact chain and 1 after one row is altered in the database', async () => {
    const ok = await yizhan(['audit', 'verify']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/audit log intact: \d+ entries/);
    const victim = await server.platform.db.selectFrom('audit_log').select(['seq']).where('action', '=', 'user.create').executeTakeFirstOrThrow();
    await server.platform.db.updateTable('audit_log').set({ details: JSON.stringify({ name: '篡改' }) }).where('seq', '=', victim.seq).execute();
    const broken = await yizhan(['audit', 'verify', '--json']);
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout)).toMatchObject({ ok: false, brokenAt: Number(victim.seq) });
  });
});

describe('yizhan CLI without a server', () => {
  it('opens the data dir itself once the server has stopped', async () => {
    await server.close();
    const r = await yizhan(['users', '--json', '--agency', 'szf']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).length).toBeGreaterThan(3);
    expect(fs.existsSync(path.join(server.dataDir, 'yizhan.lock'))).toBe(false);
  });
});
