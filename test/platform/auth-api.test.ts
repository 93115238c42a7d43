// Login, sessions, CSRF, rate limiting and agency isolation over real HTTP against the real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '@yizhan/core';
import { ApiClient, startTestServer, type TestServer } from '../support/temp-server';

const PASSWORD = 'yizhan2026';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.dispose();
});

const auditActions = async (action: string) =>
  server.platform.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('seq').execute();

describe('authentication', () => {
  it('logs a demo clerk in and answers /me with their agency and mail address', async () => {
    const api = new ApiClient(server.url);
    const res = await api.login(DEMO_ACCOUNTS.cityGovClerk, PASSWORD);
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/yz_session=[^;]+;.*HttpOnly/i);
    expect(res.headers.get('set-cookie')).toMatch(/SameSite=Lax/i);
    expect(res.body.user).toMatchObject({ username: DEMO_ACCOUNTS.cityGovClerk, agencyCode: 'szf', agencyName: '示范市人民政府', roles: ['clerk'] });
    expect(res.body.user.mailAddress).toBe(`${DEMO_ACCOUNTS.cityGovClerk}@szf.example.gov.cn`);
    const me = await api.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.csrfToken).toBe(res.body.csrfToken);
  });

  it('refuses a wrong password with a Chinese message and counts it', async () => {
    const api = new ApiClient(server.url);
    const res = await api.login(DEMO_ACCOUNTS.fgwClerk, 'wrong-password1');
    expect(res.status).toBe(401);
    expect(res.body.error).toEqual({ code: 'BAD_CREDENTIALS', message: '用户名或密码错误' });
    const failures = await server.platform.db.selectFrom('login_failures').selectAll().where('username', '=', DEMO_ACCOUNTS.fgwClerk).execute();
    expect(failures).toHaveLength(1);
    expect((await auditActions('auth.login.failed')).some((e) => e.target_id === DEMO_ACCOUNTS.fgwClerk)).toBe(true);
  });

  it('throttles a username after five failures, even with the right password', async () => {
    const api = new ApiClient(server.url);
    const user = DEMO_ACCOUNTS.countyClerk;
    for (let i = 0; i < 5; i++) expect((await api.login(user, `wrong${i}abc`)).status).toBe(401);
    const blocked = await api.login(user, PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.message).toBe('登录失败次数过多，请15分钟后再试');
    // an admin reset clears the counter
    const admin = new ApiClient(server.url);
    await admin.login('admin', PASSWORD);
    expect((await admin.post(`/api/admin/users/${user}/reset-password`, { password: 'newpass2026' })).status).toBe(200);
    expect((await api.login(user, 'newpass2026')).status).toBe(200);
  });

  it('answers 401 to a forged or missing session cookie', async () => {
    const forged = new ApiClient(server.url);
    forged.cookie = 'yz_session=' + 'A'.repeat(43);
    const res = await forged.get('/api/auth/me');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
    expect((await new ApiClient(server.url).get('/api/directory/agencies')).status).toBe(401);
  });

  it('expires a session past its lifetime', async () => {
    const api = new ApiClient(server.url);
    await api.login(DEMO_ACCOUNTS.cityGovLeader, PASSWORD);
    await server.platform.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000) }).execute();
    const res = await api.get('/api/auth/me');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('SESSION_EXPIRED');
  });

  it('refuses a state change without the CSRF token', async () => {
    const api = new ApiClient(server.url);
    await api.login(DEMO_ACCOUNTS.cityGovClerk, PASSWORD);
    const token = api.csrf;
    api.csrf = '';
    const res = await api.post('/api/notifications/read', {});
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CSRF_FAILED');
    api.csrf = token;
    expect((await api.post('/api/notifications/read', {})).status).toBe(200);
  });

  it('answers 400 with a clear message to malformed JSON and to invalid fields, changing nothing', async () => {
    const api = new ApiClient(server.url);
    const bad = await api.request('POST', '/api/auth/login', undefined, { raw: '{"username": "admin", ' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('MALFORMED_REQUEST');
    const empty = await api.post('/api/auth/login', { username: '', password: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toContain('请输入用户名');
  });

  it('logs out and the old cookie no longer works', async () => {
    const api = new ApiClient(server.url);
    await api.login(DEMO_ACCOUNTS.fgwClerk, PASSWORD);
    const cookie = api.cookie;
    expect((await api.post('/api/auth/logout')).status).toBe(200);
    const stale = new ApiClient(server.url);
    stale.cookie = cookie;
    expect((await stale.get('/api/auth/me')).status).toBe(401);
  });
});

describe('agency isolation', () => {
  it("refuses agency B's internal records to a user of agency A with 403 and an audit entry", async () => {
    const api = new ApiClient(server.url);
    await api.login(DEMO_ACCOUNTS.cityGovClerk, PASSWORD); // 市政府
    const own = await api.get('/api/agencies/szf/audit');
    expect(own.status).toBe(200);
    const res = await api.get('/api/agencies/fgw/audit');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('您无权查看其他单位的内部信息');
    const denied = await auditActions('access.denied');
    expect(denied.at(-1)).toMatchObject({ actor: DEMO_ACCOUNTS.cityGovClerk, target_type: 'agency', target_id: 'fgw' });
  });

  it('refuses admin endpoints to non-admins, audited', async () => {
    const api = new ApiClient(server.url);
    await api.login(DEMO_ACCOUNTS.cityGovLeader, PASSWORD);
    const res = await api.get('/api/admin/users');
    expect(res.status).toBe(403);
    expect((await auditActions('access.denied')).at(-1)).toMatchObject({ actor: DEMO_ACCOUNTS.cityGovLeader, target_type: 'admin' });
  });
});

describe('directory and health', () => {
  it('serves the demo city: ≥140 agencies in a tree, ≥300 people, 19 venues', async () => {
    const api = new ApiClient(server.url);
    await api.login(DEMO_ACCOUNTS.cityGovClerk, PASSWORD);
    const { body } = await api.get('/api/directory/agencies');
    expect(body.agencies.length).toBeGreaterThanOrEqual(140);
    const codes = new Set(body.agencies.map((a: { code: string }) => a.code));
    for (const a of body.agencies) if (a.parentCode) expect(codes.has(a.parentCode)).toBe(true);
    expect(body.agencies.filter((a: { kind: string }) => a.kind === 'county')).toHaveLength(16);
    const people = await api.get('/api/directory/users?limit=1');
    expect(people.body.total).toBeGreaterThanOrEqual(300);
    const found = await api.get(`/api/directory/users?q=${encodeURIComponent('收发员')}&agency=fgw`);
    expect(found.body.users.every((u: { agencyCode: string; title: string }) => u.agencyCode === 'fgw' && u.title.includes('收发员'))).toBe(true);
    expect(found.body.users.length).toBeGreaterThan(0);
    const venues = await api.get('/api/directory/venues');
    expect(venues.body.venues.filter((v: { kind: string }) => v.kind === 'main')).toHaveLength(3);
    expect(venues.body.venues.filter((v: { kind: string }) => v.kind === 'county')).toHaveLength(16);
  });

  it('reports health with database and blob store checks', async () => {
    const res = await fetch(`${server.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', checks: { database: { ok: true }, blobStore: { ok: true } } });
  });
});
