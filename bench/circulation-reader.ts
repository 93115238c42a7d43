/**
 * Benchmark: how long a leader waits for the first page of a 50-page circulating document in the
 * web reader (target: first page visible ≤ 1 s after open), in Debian's Chromium.
 *
 * Setup (not timed): the whole server on a fresh data dir (startTestServer), 市政府 issues a
 * ~50-page document to 市委 over the real API (GB/T 9704 layout, seal, exchange package), 市委's
 * clerk signs for it and starts a circulation whose first step is 市委书记; the web client is the
 * built one (clients/web/dist — run `npx vite build clients/web` first).
 *
 * Each sample is one open of the reader, measured two ways: the app's own time from the reader page
 * mounting to page 1 painted (data-first-page-ms; performance marks break it into PDF bytes, pdf.js
 * loaded, document parsed, page 1 rendered), and the wall time the test waits from the click (or
 * the navigation) until page 1 is on screen. Modes:
 *   list       from the 传阅 list (the circulation chunk and the pdf.js worker already loaded)
 *   workspace  from the 待阅 item on the workspace, clicked as soon as it shows (the circulation chunk
 *              and pdf.js load on the click)
 *   workspace-settled  the same after 6 s on the workspace: the shell has prefetched the reader
 *              (circulation chunk + pdf.js worker) in the background by then
 *   cold       a new tab straight to the reader URL (whole app boots; HTTP cache warm)
 *
 * Run:   npx tsx bench/circulation-reader.ts [--n 10] [--pages 50]
 * Output: a table per mode, then one JSON line. No assertions: read the numbers.
 */
import type { Page } from 'playwright-core';
import { flags, jsonLine, machineInfo, printMachine, round, stats, table } from './support/bench-kit';
import { ApiClient, startTestServer, type TestServer } from '../test/support/temp-server';
import { launchChromium } from '../test/support/browser';
import { longBody } from '../test/circulation/long-body';

const PASSWORD = 'yizhan2026';

async function login(server: TestServer, username: string): Promise<ApiClient> {
  const api = new ApiClient(server.url);
  const res = await api.login(username, PASSWORD);
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  return api;
}

async function usersOf(server: TestServer, agency: string) {
  const rows = await server.platform.db.selectFrom('users').select(['username', 'roles', 'title']).where('agency_code', '=', agency).execute();
  return rows.map((r) => ({ username: r.username, title: r.title, roles: r.roles as string[] }));
}

async function must<T>(p: Promise<{ status: number; body: T }>, what: string): Promise<T> {
  const r = await p;
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** 市政府 → 市委, signed for, circulating to 市委书记. Returns the circulation id and the reader. */
async function setUp(server: TestServer, pages: number) {
  const szf = await usersOf(server, 'szf');
  const sw = await usersOf(server, 'sw');
  const drafter = await login(server, szf.find((u) => u.roles.includes('clerk'))!.username);
  const leader = szf.find((u) => u.roles.includes('leader'))!.username;
  const doc = await must(
    drafter.post<{ id: string }>('/api/documents', {
      title: '示范市人民政府关于印发数字政府建设三年行动计划的通知',
      mainRecipients: ['sw'],
      body: longBody(pages),
    }),
    'draft',
  );
  await must(drafter.post(`/api/documents/${doc.id}/submit`, { approver: leader }), 'submit');
  await must((await login(server, leader)).post(`/api/documents/${doc.id}/approve`, { decision: 'approve', comment: '同意' }), 'approve');
  const clerk = await login(server, sw.find((u) => u.roles.includes('clerk'))!.username);
  let deliveryId: string | undefined;
  for (let i = 0; i < 300 && !deliveryId; i++) {
    const list = await must(clerk.get<{ items: Array<{ deliveryId: string; documentId: string }> }>('/api/incoming?status=pending'), 'incoming');
    deliveryId = list.items.find((x) => x.documentId === doc.id)?.deliveryId;
    if (!deliveryId) await new Promise((r) => setTimeout(r, 100));
  }
  await must(clerk.post(`/api/incoming/${deliveryId}/sign`), 'sign');
  const reader = sw.find((u) => u.title === '市委书记')!.username;
  const circ = await must(
    clerk.post<{ id: string }>('/api/circulations', { source: { kind: 'delivery', deliveryId }, steps: [{ readers: [reader] }] }),
    'circulation',
  );
  const pdf = await fetch(`${server.url}/api/circulations/${circ.id}/document.pdf`, { headers: { cookie: clerk.cookie } }).then((r) => r.arrayBuffer());
  return { id: circ.id, reader, pdfBytes: pdf.byteLength };
}

interface Sample {
  wall: number;
  app: number;
  marks: Record<string, number>;
}

async function measure(page: Page, open: () => Promise<unknown>): Promise<Sample> {
  const t0 = Date.now();
  await open();
  await page.locator('[data-testid="reader-page-1"][data-rendered="true"]').waitFor({ timeout: 30_000 });
  const wall = Date.now() - t0;
  const app = Number(await page.getByTestId('circulation-detail').getAttribute('data-first-page-ms'));
  const marks = await page.evaluate(() => {
    const all = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('circulation:'));
    const byName = new Map<string, number>();
    for (const m of all) byName.set(m.name, m.startTime); // the last of each name: this open
    const open = byName.get('circulation:open') ?? 0;
    return Object.fromEntries(
      [...byName.entries()].filter(([n]) => n !== 'circulation:open').map(([n, t]) => [n.slice('circulation:'.length), Math.round(t - open)]),
    );
  });
  return { wall, app, marks };
}

async function main() {
  const opt = flags({ n: 10, pages: 50 });
  console.log('== circulation-reader: first page of a circulating document in the web reader (Chromium)');
  printMachine(machineInfo());
  const server = await startTestServer();
  const browser = await launchChromium();
  try {
    const { id, reader, pdfBytes } = await setUp(server, opt.pages);
    console.log(`document  ${opt.pages} pages requested, ${(pdfBytes / 1024).toFixed(0)} KiB sealed PDF`);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(server.url + '/');
    await page.getByTestId('login-username').fill(reader);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('workspace').waitFor({ timeout: 20_000 });

    const results: Record<string, Sample[]> = { list: [], workspace: [], 'workspace-settled': [], cold: [] };
    for (let i = 0; i < opt.n; i++) {
      await page.goto(server.url + '/circulation?box=to-read');
      const row = page.getByTestId(`circulation-row-${id}`);
      await row.waitFor();
      await page.waitForTimeout(300);
      results.list.push(await measure(page, () => row.click()));

      for (const [mode, settle] of [
        ['workspace', 0],
        ['workspace-settled', 6000],
      ] as const) {
        const fresh = await context.newPage();
        await fresh.goto(server.url + '/');
        const todo = fresh.getByTestId('todo-list').locator('li').filter({ hasText: '待阅' }).first();
        await todo.waitFor({ timeout: 20_000 });
        if (settle) await fresh.waitForTimeout(settle);
        results[mode].push(await measure(fresh, () => todo.click()));
        await fresh.close();
      }

      const cold = await context.newPage();
      results.cold.push(await measure(cold, () => cold.goto(`${server.url}/circulation?id=${id}`)));
      await cold.close();
    }
    const rows = Object.entries(results).map(([mode, samples]) => {
      const app = stats(samples.map((s) => s.app));
      const wall = stats(samples.map((s) => s.wall));
      return [mode, round(app.medianMs, 0), round(app.p95Ms, 0), round(wall.medianMs, 0), round(wall.p95Ms, 0)];
    });
    table(['mode', 'app median ms', 'app p95 ms', 'wall median ms', 'wall p95 ms'], rows);
    const phases = ['bytes', 'pdfjs', 'worker', 'parsed', 'render-start', 'first-page'];
    table(
      ['mode', ...phases.map((p) => `${p} (median ms)`)],
      Object.entries(results).map(([mode, samples]) => [mode, ...phases.map((p) => round(stats(samples.map((s) => s.marks[p] ?? NaN)).medianMs, 0))]),
    );
    jsonLine({
      bench: 'circulation-reader',
      pages: opt.pages,
      pdfBytes,
      n: opt.n,
      results: Object.fromEntries(Object.entries(results).map(([m, s]) => [m, { app: stats(s.map((x) => x.app)), wall: stats(s.map((x) => x.wall)) }])),
    });
  } finally {
    await browser.close();
    await server.dispose();
  }
}

await main();
