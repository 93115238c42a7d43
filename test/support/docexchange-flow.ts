/** Helpers for document-exchange tests: log in the demo people of an agency and run the flow over HTTP. */
import { expect } from 'vitest';
import { ApiClient, type TestServer } from './temp-server';

export const PASSWORD = 'yizhan2026';

export async function peopleOf(server: TestServer, agency: string) {
  const rows = await server.platform.db.selectFrom('users').select(['username', 'roles']).where('agency_code', '=', agency).where('disabled', '=', false).orderBy('created_at').execute();
  const clerk = rows.find((r) => (r.roles as string[]).includes('clerk'))!.username;
  const leader = rows.find((r) => (r.roles as string[]).includes('leader'))!.username;
  const staff = rows.find((r) => (r.roles as string[]).includes('staff'))!.username;
  return { clerk, leader, staff };
}

export async function loggedIn(server: TestServer, username: string): Promise<ApiClient> {
  const api = new ApiClient(server.url);
  const res = await api.login(username, PASSWORD);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return api;
}

export const body = (...paragraphs: string[]) => ({
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: '一、总体要求' }] },
    ...paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })),
  ],
});

/** Draft by the clerk, 签发 by the leader; returns the dispatched document detail. */
export async function issueDocument(server: TestServer, agency: string, fields: Record<string, unknown>, attachments: Array<{ name: string; bytes: Buffer }> = []) {
  const { clerk, leader } = await peopleOf(server, agency);
  const drafter = await loggedIn(server, clerk);
  const created = await drafter.post('/api/documents', { body: body('为加快数字政府建设，现提出如下意见。'), ...fields });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  for (const a of attachments) {
    const res = await drafter.request('POST', `/api/documents/${id}/attachments`, undefined, { raw: a.bytes as unknown as string, headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(a.name) } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  const submitted = await drafter.post(`/api/documents/${id}/submit`, { approver: leader });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  const approver = await loggedIn(server, leader);
  const approved = await approver.post(`/api/documents/${id}/approve`, { decision: 'approve', comment: '同意' });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return { id, detail: approved.body, drafter, approver };
}
