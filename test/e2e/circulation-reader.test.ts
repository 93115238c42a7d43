// The issue's acceptance run, in Debian's Chromium with four people at once: 市委's clerk routes a
// 50-page document received from 市政府 书记 → {副书记 A, 副书记 B} → 秘书长; 书记 draws ink with the
// mouse and writes a 批示; the two 副书记 (one on a tablet) see that layer, and each other's, appear
// without reload and 圈阅; the clerk watches the timeline complete and produces the annotated copy.
// pdfsig checks the original and the copy, openssl the signed instruction. Screenshots (and the
// annotated copy rendered to PNG) are kept in test/artifacts/.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ensureCityCa } from '@yizhan/core';
import { startTestServer, type TestServer } from '../support/temp-server';
import { artifactPath, launchChromium } from '../support/browser';
import { PASSWORD } from '../support/docexchange-flow';
import { nssTrustStore, pdfsig, qpdfCheck } from '../support/pdf-tools';
import { receivedBySw, swLeaders, type Person } from '../circulation/circulation-support';

const TITLE = '示范市人民政府关于印发数字政府建设三年行动计划的通知';
const DESKTOP = { width: 1440, height: 900 };
const TABLET = { width: 1024, height: 768 };

let server: TestServer;
let browser: Browser;
let L: Awaited<ReturnType<typeof swLeaders>>;
let clerkUsername: string;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-circ-e2e-'));
const contexts: BrowserContext[] = [];
const timings: Record<string, number> = {};

beforeAll(async () => {
  server = await startTestServer();
  const t0 = Date.now();
  const received = await receivedBySw(server, TITLE, 50);
  timings['issue+deliver+sign a 50-page document (ms)'] = Date.now() - t0;
  clerkUsername = received.clerkUsername;
  L = await swLeaders(server);
  browser = await launchChromium();
});
afterAll(async () => {
  console.log('[circulation e2e] timings', JSON.stringify(timings));
  await browser?.close();
  await server?.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function personIn(viewport: { width: number; height: number }, username: string, touch = false): Promise<Page> {
  const context = await browser.newContext({ viewport, hasTouch: touch, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', deviceScaleFactor: 1 });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(server.url + '/');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('workspace').waitFor({ timeout: 20_000 });
  return page;
}

/** Waits for page 1 of the reader to be painted and returns the app's own open→first-page time. */
async function firstPageShown(page: Page): Promise<number> {
  await page.locator('[data-testid="reader-page-1"][data-rendered="true"]').waitFor({ timeout: 20_000 });
  const ms = await page.getByTestId('circulation-detail').getAttribute('data-first-page-ms');
  return Number(ms);
}

/** Opens the side panel on a tablet (a drawer there); a no-op on a desktop. */
async function sidePanel(page: Page) {
  const panel = page.getByTestId('side-panel');
  if (!(await panel.isVisible())) {
    await page.getByTestId('side-toggle').click();
    await panel.waitFor();
    await page.waitForTimeout(400); // the drawer slides in
  }
  return panel;
}

/** Draws a stroke with the mouse through points given in page points (the reader's coordinates). */
async function drawStroke(page: Page, points: Array<[number, number]>) {
  const overlay = page.getByTestId('overlay-1');
  const box = (await overlay.boundingBox())!;
  const scale = box.width / 595.28;
  const at = ([x, y]: [number, number]) => [box.x + x * scale, box.y + y * scale] as const;
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 3 });
  await page.mouse.up();
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function download(page: Page, url: string): Promise<Buffer> {
  const res = await page.request.get(server.url + url);
  expect(res.status(), url).toBe(200);
  return Buffer.from(await res.body());
}

describe('circulation in the browser: clerk → 书记 → {副书记 A, 副书记 B} → 秘书长', () => {
  let clerk: Page;
  let leaderA: Page;
  let circulationId: string;

  it('the clerk lays out the route from the directory and sends it', async () => {
    clerk = await personIn(DESKTOP, clerkUsername);
    await clerk.goto(server.url + '/circulation');
    await clerk.getByTestId('start-circulation-button').click();
    const form = clerk.getByTestId('start-circulation');
    await form.waitFor();
    // 按职务生成 is applied on open: 书记 → {副书记, 副书记} → 秘书长
    await expect.poll(() => clerk.getByTestId('route-builder').locator('[data-testid^="route-step-"]').count(), { timeout: 10_000 }).toBe(3);
    const builder = await clerk.getByTestId('route-builder').innerText();
    for (const p of [L.secretary, L.deputyA, L.deputyB, L.secretaryGeneral]) expect(builder).toContain(p.name);
    await clerk.getByTestId('start-document').click();
    await clerk.keyboard.type('数字政府建设三年');
    await clerk.locator('.ant-select-item-option').filter({ hasText: '数字政府建设三年' }).first().click();
    await form.locator('textarea').fill('拟请书记阅示，并请各位副书记、秘书长阅。');
    await clerk.screenshot({ path: artifactPath('circulation-start-route.png') });
    await clerk.getByTestId('start-send').click();
    await clerk.getByTestId('circulation-detail').waitFor({ timeout: 20_000 });
    circulationId = new URL(clerk.url()).searchParams.get('id')!;
    expect(circulationId).toMatch(/^[0-9a-f-]{36}$/);
    await expect.poll(() => clerk.getByTestId('step-1').getAttribute('data-status')).toBe('active');
    expect(await clerk.getByTestId('step-2').innerText()).toContain('并行阅');
  });

  it('书记 opens it from 待阅 (first page fast on 50 pages), zooms, searches, draws ink and writes a 批示', async () => {
    leaderA = await personIn(DESKTOP, L.secretary.username);
    const todo = leaderA.getByTestId('todo-list').getByText(TITLE).first();
    await todo.waitFor({ timeout: 15_000 });
    const t0 = Date.now();
    await todo.click();
    const inApp = await firstPageShown(leaderA);
    timings['first page, opened from 待阅 (wall ms)'] = Date.now() - t0;
    timings['first page, opened from 待阅 (in-app ms)'] = inApp;
    const pageCount = Number(await leaderA.getByTestId('reader').getAttribute('data-pages'));
    expect(pageCount).toBeGreaterThanOrEqual(50);
    timings['pages'] = pageCount;
    // only pages near the viewport are rendered
    expect(await leaderA.locator('[data-rendered="true"]').count()).toBeLessThan(8);

    await leaderA.getByTestId('zoom-in').click();
    await expect.poll(() => leaderA.getByTestId('zoom-level').innerText()).not.toBe('100%');
    await leaderA.getByTestId('thumb-12').click();
    await expect.poll(() => leaderA.getByTestId('reader-page-indicator').innerText()).toContain('12 /');
    await leaderA.locator('[data-testid="reader-page-12"][data-rendered="true"]').waitFor({ timeout: 10_000 });
    await leaderA.getByTestId('reader-search').locator('input').fill('数字政府');
    await leaderA.getByTestId('reader-search').locator('input').press('Enter');
    await expect.poll(() => leaderA.getByTestId('search-count').innerText(), { timeout: 20_000 }).toMatch(/1 \/ \d+/);
    await leaderA.getByLabel('适合宽度').click();
    await leaderA.getByTestId('thumb-1').click();

    await leaderA.getByTestId('tool-pen').click();
    // a wavy underline under the title, a tick beside it, a ring round the 文号
    const wave: Array<[number, number]> = Array.from({ length: 24 }, (_, i) => [165 + i * 11.5, 463 + Math.sin(i / 2) * 3]);
    await drawStroke(leaderA, wave);
    await drawStroke(leaderA, [
      [452, 428],
      [462, 444],
      [498, 404],
    ]);
    await leaderA.getByTestId('pen-color-1d39c4').click();
    const ring: Array<[number, number]> = Array.from({ length: 32 }, (_, i) => [
      299 + 76 * Math.cos((i / 31) * 2 * Math.PI + 0.3),
      329 + 17 * Math.sin((i / 31) * 2 * Math.PI + 0.3),
    ]);
    await drawStroke(leaderA, ring);
    await leaderA.getByTestId('tool-undo').click();
    await drawStroke(leaderA, ring);
    await expect.poll(() => leaderA.getByTestId('overlay-1').getAttribute('data-annotations')).toBe('3');
    await leaderA.getByTestId('instruction-input').fill('请市数据局牵头，会同有关部门认真抓好落实，重要情况及时报告。');
    await expect.poll(() => leaderA.getByTestId('draft-state').innerText(), { timeout: 10_000 }).toContain('草稿已保存');
    await leaderA.screenshot({ path: artifactPath('circulation-leader-ink.png') });

    // unfinished ink is private: the clerk sees no layer yet
    expect(await clerk.getByTestId('layers-panel').innerText()).not.toContain(L.secretary.name);
    await expect.poll(() => clerk.getByTestId(`task-${L.secretary.username}`).innerText(), { timeout: 10_000 }).toContain('正在阅');

    // the clerk recalls the step while 书记 is at it: his ink stays (a server-side draft) and he is told
    const stepMenu = async (label: string) => {
      await clerk.getByTestId('step-menu-1').click();
      await clerk.locator('.ant-dropdown-menu-item').filter({ hasText: label }).click();
      await clerk.locator('.ant-modal-confirm .ant-btn-primary').click();
    };
    await stepMenu('收回');
    await leaderA.locator('.ant-modal-confirm').filter({ hasText: '阅件已被收回' }).waitFor({ timeout: 10_000 });
    await leaderA.screenshot({ path: artifactPath('circulation-recalled.png') });
    await leaderA.locator('.ant-modal-confirm .ant-btn-primary').click();
    await leaderA.getByTestId('recalled-alert').waitFor();
    await expect.poll(() => clerk.getByTestId('step-1').getAttribute('data-status')).toBe('recalled');
    await stepMenu('重新送阅');
    await leaderA.getByTestId('submit-layer').waitFor({ timeout: 10_000 });
    expect(await leaderA.getByTestId('overlay-1').getAttribute('data-annotations')).toBe('3');
    expect(await leaderA.getByTestId('instruction-input').inputValue()).toContain('请市数据局牵头');

    await leaderA.getByTestId('submit-layer').click();
    await leaderA.getByTestId('submit-confirm').click();
    await leaderA.getByTestId('done-alert').waitFor({ timeout: 20_000 });
    await expect.poll(() => clerk.getByTestId('step-2').getAttribute('data-status'), { timeout: 10_000 }).toBe('active');
  });

  it('副书记 A (tablet) and 副书记 B see 书记’s layer, then each other’s 圈阅 appear without reload', async () => {
    const b = await personIn(TABLET, L.deputyA.username, true);
    const c = await personIn(DESKTOP, L.deputyB.username);
    const t0 = Date.now();
    await c.goto(`${server.url}/circulation?id=${circulationId}`);
    timings['first page, cold page load (in-app ms)'] = await firstPageShown(c);
    timings['first page, cold page load (wall ms)'] = Date.now() - t0;
    await b.goto(`${server.url}/circulation?id=${circulationId}`);
    await firstPageShown(b);
    for (const [page, who] of [
      [b, L.deputyA],
      [c, L.deputyB],
    ] as Array<[Page, Person]>) {
      const panel = await sidePanel(page);
      await expect.poll(() => panel.getByTestId('layers-panel').innerText(), { timeout: 10_000 }).toContain(L.secretary.name);
      expect(await panel.getByTestId('layers-panel').innerText()).toContain('请市数据局牵头');
      expect(await page.getByTestId('overlay-1').getAttribute('data-annotations')).toBe('3');
      void who;
    }
    await b.screenshot({ path: artifactPath('circulation-tablet-sees-layer.png') });

    // a stylus on the tablet: pen events with rising pressure make one stroke that thickens
    await b.keyboard.press('Escape');
    await b.getByTestId('side-panel').waitFor({ state: 'hidden' });
    await b.getByTestId('tool-pen').click();
    await b.evaluate(() => {
      const el = document.querySelector('[data-testid="overlay-1"]')!;
      const r = el.getBoundingClientRect();
      const fire = (type: string, i: number, pressure: number) =>
        el.dispatchEvent(
          new PointerEvent(type, {
            bubbles: true,
            cancelable: true,
            pointerId: 7,
            pointerType: 'pen',
            isPrimary: true,
            button: 0,
            buttons: type === 'pointerup' ? 0 : 1,
            pressure,
            clientX: r.left + r.width * (0.16 + i * 0.012),
            clientY: r.top + r.height * 0.615 + Math.sin(i / 3) * 4,
          }),
        );
      fire('pointerdown', 0, 0.15);
      for (let i = 1; i <= 40; i++) fire('pointermove', i, Math.min(1, 0.15 + i * 0.02));
      fire('pointerup', 40, 0);
    });
    await expect.poll(() => b.getByTestId('overlay-1').getAttribute('data-annotations')).toBe('4');

    await (await sidePanel(b)).getByTestId('circle-read').click();
    await (await sidePanel(b)).getByTestId('done-alert').waitFor({ timeout: 20_000 });
    await b.keyboard.press('Escape');
    await b.getByTestId('side-panel').waitFor({ state: 'hidden' });
    await b.getByTestId('reader-scroller').evaluate((el) => (el.scrollTop = 560));
    await b.waitForTimeout(300);
    await b.screenshot({ path: artifactPath('circulation-tablet-circled.png') });
    // 副书记 B, reading in parallel, sees A's stroke and 圈阅 arrive — no reload
    await expect.poll(() => c.getByTestId('layers-panel').innerText(), { timeout: 10_000 }).toContain(L.deputyA.name);
    await expect.poll(() => c.getByTestId('overlay-1').getAttribute('data-annotations')).toBe('5');
    await c.getByTestId('circle-read').click();
    await c.getByTestId('done-alert').waitFor({ timeout: 20_000 });
    await expect.poll(() => c.getByTestId('overlay-1').getAttribute('data-annotations')).toBe('6');
    await c.getByTestId('layer-toggle-' + L.deputyA.username).click();
    await expect.poll(() => c.getByTestId('overlay-1').getAttribute('data-annotations')).toBe('4');
    await c.getByTestId('layer-toggle-' + L.deputyA.username).click();
    await expect.poll(() => c.getByTestId('overlay-1').getAttribute('data-annotations')).toBe('6');
    await c.screenshot({ path: artifactPath('circulation-parallel-circled.png') });
    await expect.poll(() => clerk.getByTestId('step-3').getAttribute('data-status'), { timeout: 10_000 }).toBe('active');
    await b.context().close();
    await leaderA.context().close();
  });

  it('秘书长 圈阅s; the clerk sees the route complete, produces the annotated copy and closes it', async () => {
    const sg = await personIn(DESKTOP, L.secretaryGeneral.username);
    await sg.goto(`${server.url}/circulation?id=${circulationId}`);
    await firstPageShown(sg);
    await sg.getByTestId('instruction-input').fill('已阅，请办公室跟踪。');
    await sg.getByTestId('circle-read').click();
    await sg.getByTestId('done-alert').waitFor({ timeout: 20_000 });
    await sg.context().close();

    await expect.poll(() => clerk.getByTestId('route-timeline').getAttribute('data-status'), { timeout: 10_000 }).toBe('completed');
    await clerk.getByTestId('route-complete').waitFor();
    for (const n of [1, 2, 3]) expect(await clerk.getByTestId(`step-${n}`).getAttribute('data-status')).toBe('done');
    expect(await clerk.getByTestId('layers-panel').innerText()).toContain(L.secretaryGeneral.name);
    await expect.poll(() => clerk.getByTestId('overlay-1').getAttribute('data-annotations')).toBe('7');
    await clerk.screenshot({ path: artifactPath('circulation-clerk-timeline.png') });

    const t0 = Date.now();
    await clerk.getByTestId('produce-copy').click();
    await clerk.getByTestId('download-annotated').waitFor({ timeout: 60_000 });
    timings['annotated copy of 50 pages (wall ms)'] = Date.now() - t0;

    // the files, checked by tools nobody here wrote
    const ca = await ensureCityCa(server.platform.db, server.platform.masterKey);
    const root = path.join(tmp, 'root.pem');
    const issuing = path.join(tmp, 'issuing.pem');
    fs.writeFileSync(root, ca.root.cert_pem);
    fs.writeFileSync(issuing, ca.issuing.cert_pem);
    const nss = nssTrustStore(tmp, { root, issuing });

    const detail = JSON.parse((await download(clerk, `/api/circulations/${circulationId}`)).toString());
    const original = await download(clerk, `/api/circulations/${circulationId}/document.pdf`);
    expect(sha256(original)).toBe(detail.documentSha256);
    fs.writeFileSync(path.join(tmp, 'original.pdf'), original);
    const osig = pdfsig(path.join(tmp, 'original.pdf'), nss);
    expect(osig).toContain('Signature is Valid.');
    expect(osig).toContain('Certificate is Trusted.');

    const copyPath = artifactPath('circulation-annotated-copy.pdf');
    fs.writeFileSync(copyPath, await download(clerk, `/api/circulations/${circulationId}/annotated.pdf`));
    const sig = pdfsig(copyPath, nss);
    expect(sig, sig).toContain('Signature is Valid.');
    expect(sig).toContain('Total document signed');
    expect(sig).toContain('Certificate is Trusted.');
    expect(qpdfCheck(copyPath).ok).toBe(true);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [copyPath], { encoding: 'utf8' }))![1]);
    expect(pages).toBe(timings['pages'] + 1);
    execFileSync('pdftoppm', [
      '-r',
      '80',
      '-png',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      copyPath,
      artifactPath('circulation-annotated-copy-page1').replace(/\.png$/, ''),
    ]);
    execFileSync('pdftoppm', [
      '-r',
      '80',
      '-png',
      '-f',
      String(pages),
      '-l',
      String(pages),
      '-singlefile',
      copyPath,
      artifactPath('circulation-annotated-copy-summary').replace(/\.png$/, ''),
    ]);
    const summary = execFileSync('pdftotext', ['-f', String(pages), '-l', String(pages), copyPath, '-'], { encoding: 'utf8' });
    expect(summary).toContain('领导批示单');
    expect(summary).toContain('请市数据局牵头');

    // 书记's signed instruction: openssl verifies it and prints what was signed
    const layer = detail.layers.find((l: { username: string }) => l.username === L.secretary.username);
    const p7m = path.join(tmp, 'instruction.p7m');
    fs.writeFileSync(p7m, await download(clerk, `/api/circulations/${circulationId}/instructions/${layer.taskId}`));
    const signed = JSON.parse(
      execFileSync('openssl', ['cms', '-verify', '-inform', 'DER', '-in', p7m, '-CAfile', root, '-certfile', issuing, '-binary'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    expect(signed).toMatchObject({
      instruction: '请市数据局牵头，会同有关部门认真抓好落实，重要情况及时报告。',
      document: { sha256: detail.documentSha256 },
      reader: { name: L.secretary.name },
    });
    expect(signed.annotations.filter((a: { kind: string }) => a.kind === 'ink')).toHaveLength(3);
    // the tablet stroke kept its pen pressure, rising along the stroke
    const stylus = detail.layers
      .find((l: { username: string }) => l.username === L.deputyA.username)
      .annotations.find((a: { kind: string }) => a.kind === 'ink');
    const pressures = stylus.points.map((p: number[]) => p[2]);
    expect(pressures.at(-1)).toBeGreaterThan(pressures[0] + 0.4);

    await clerk.getByTestId('close-circulation').click();
    await expect.poll(() => clerk.getByTestId('circulation-status').innerText(), { timeout: 10_000 }).toBe('已办结');
    await clerk.screenshot({ path: artifactPath('circulation-closed.png') });
  });
});
