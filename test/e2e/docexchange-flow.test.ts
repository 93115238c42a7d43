// The "done when", in the browser: the 市政府 clerk drafts in the UI (recipient picker,
// tiptap 正文, a PDF attachment), a leader 签发s it, 发改委 and 教育局 see it verified in 收文; one
// signs for it, the other returns it — and the sender's 分发跟踪 shows both without a reload.
// Debian's Chromium, the real server; screenshots in test/artifacts/docexchange-*.png.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { startTestServer, type TestServer } from '../support/temp-server';
import { artifactPath, chooseOption, launchChromium } from '../support/browser';
import { PASSWORD, peopleOf } from '../support/docexchange-flow';

const TITLE = '示范市人民政府关于加快推进数字政府建设的意见';
const RETURN_REASON = '主送机关有误，应主送市教育局下属学校';
const TABLET = { width: 1024, height: 768 };
/** expect.poll waits 1 s by default; the server seals, encrypts and verifies on 2 shared cores. */
const WAIT = { timeout: 15_000 };

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-e2e-docx-'));

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function newPage(viewport = TABLET): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

async function login(page: Page, username: string) {
  await page.goto(server.url + '/');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('workspace').waitFor();
}

async function nameOf(username: string): Promise<string> {
  const row = await server.platform.db.selectFrom('users').select('name').where('username', '=', username).executeTakeFirstOrThrow();
  return row.name;
}

async function attachmentFile(): Promise<string> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf.addPage([595, 842]).drawText('Annex 1: division of key tasks', { x: 72, y: 760, size: 16, font });
  const file = path.join(tmp, '附件1 重点任务分工.pdf');
  fs.writeFileSync(file, await pdf.save());
  return file;
}

/** Is the element fully below the header and above the bottom of the window? */
const inView = (page: Page, testId: string) =>
  page.getByTestId(testId).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 56 && r.bottom <= window.innerHeight;
  });

/** No table is loading (its mask fades out in ~0.3 s): for screenshots that show the data, not a dimmed table. */
async function settled(page: Page) {
  await expect.poll(() => page.locator('.ant-spin-spinning').count(), WAIT).toBe(0);
}

/** The row of one recipient agency in the 分发跟踪 table. */
const trackingRow = (page: Page, agencyCode: string) => page.getByTestId('tracking-table').locator(`tr[data-row-key="${agencyCode}"]`);

describe('document exchange in the browser', () => {
  it('drafts, approves, delivers, signs for and returns — the sender sees both live', async () => {
    // On failure, a picture of every open page says more than a timeout.
    onTestFailed(async () => {
      let n = 0;
      for (const c of contexts) for (const p of c.pages()) await p.screenshot({ path: artifactPath(`docexchange-failure-${++n}.png`) }).catch(() => {});
    });
    const szf = await peopleOf(server, 'szf');
    const fgw = await peopleOf(server, 'fgw');
    const jyj = await peopleOf(server, 'jyj');
    const leaderName = await nameOf(szf.leader);

    // ---- 拟稿: the 市政府 clerk ----
    const clerk = await newPage();
    await login(clerk, szf.clerk);
    await clerk.goto(server.url + '/documents/new');
    await clerk.getByTestId('draft-page').waitFor();
    await expect.poll(() => clerk.getByTestId('draft-form').locator('input[id="agencyMark"]').inputValue(), WAIT).toBe('示范市人民政府');
    await clerk.getByTestId('draft-title').fill(TITLE);

    // 秘密 is flagged at once, and the server's refusal is shown in its own words
    await chooseOption(clerk, 'classification', '秘密');
    await clerk.getByTestId('classified-warning').waitFor();
    await clerk.getByTestId('draft-save').click();
    await expect.poll(() => clerk.getByTestId('draft-error').innerText(), WAIT).toContain('秘密公文不得通过电子公文交换系统传输');
    await expect.poll(() => inView(clerk, 'draft-error'), WAIT).toBe(true);
    await expect.poll(() => inView(clerk, 'classified-warning'), WAIT).toBe(true);
    await clerk.screenshot({ path: artifactPath('docexchange-01-classified-refused.png'), animations: 'disabled' });
    await chooseOption(clerk, 'classification', '非密');
    await clerk.getByTestId('classified-warning').waitFor({ state: 'detached' });

    // 主送: 发改委 and 教育局 from the directory tree, found through its search box
    await clerk.getByTestId('main-recipients-open').click();
    const picker = clerk.getByTestId('recipient-picker');
    await picker.waitFor();
    for (const name of ['示范市发展和改革委员会', '示范市教育局']) {
      await picker.getByTestId('recipient-search').fill(name);
      await picker.locator(`.ant-tree span[title="${name}"]`).click();
    }
    await expect.poll(() => picker.getByTestId('recipients-chosen').innerText(), WAIT).toMatch(/示范市发展和改革委员会[\s\S]*示范市教育局/);
    await picker.getByTestId('recipient-search').fill('');
    await clerk.screenshot({ path: artifactPath('docexchange-02-recipient-picker.png'), animations: 'disabled' });
    await clerk.getByTestId('recipients-ok').click();
    await expect.poll(() => clerk.getByTestId('main-recipients').innerText(), WAIT).toContain('示范市教育局');

    // 正文: a 一级标题 and a paragraph in tiptap
    const editor = clerk.getByTestId('body-editor-content');
    await editor.click();
    await clerk.getByTestId('rte-h1').click();
    await clerk.keyboard.type('一、总体要求');
    await clerk.keyboard.press('Enter');
    await clerk.keyboard.type('为加快数字政府建设，提升政务服务效能，现提出如下意见。');
    await expect.poll(() => editor.locator('h1').innerText(), WAIT).toBe('一、总体要求');
    await expect.poll(() => editor.locator('p').first().innerText(), WAIT).toContain('现提出如下意见');

    // 附件: a file that is no PDF is refused with the server's message; a real PDF goes up
    const fake = path.join(tmp, '伪装的附件.pdf');
    fs.writeFileSync(fake, 'this is plain text, not a PDF');
    await clerk.getByTestId('attachment-input').setInputFiles(fake);
    await expect.poll(() => clerk.getByTestId('attachment-error').innerText(), WAIT).toContain('不是支持的格式');
    await clerk.waitForURL(/\/documents\/[0-9a-f-]{36}\/edit$/);
    const documentId = /\/documents\/([0-9a-f-]{36})\/edit/.exec(clerk.url())![1];
    await clerk.getByTestId('attachment-input').setInputFiles(await attachmentFile());
    await expect.poll(() => clerk.getByTestId('attachments').locator('[data-testid="attachment-row"]').innerText(), WAIT).toContain('附件1 重点任务分工.pdf');
    await clerk.getByTestId('draft-save').click();
    await clerk.getByText('草稿已保存').first().waitFor();
    await clerk.getByTestId('attachments').scrollIntoViewIfNeeded();
    await clerk.screenshot({ path: artifactPath('docexchange-03-draft.png'), animations: 'disabled' });

    // 送审 to a leader of 市政府
    await clerk.getByTestId('draft-submit').click();
    await clerk.getByTestId('submit-form').waitFor();
    await chooseOption(clerk, 'submit-approver', leaderName);
    await clerk.screenshot({ path: artifactPath('docexchange-04-submit-dialog.png'), animations: 'disabled' });
    await clerk.getByTestId('submit-ok').click();
    await clerk.waitForURL(`**/documents/${documentId}`);
    await expect.poll(() => clerk.getByTestId('doc-status').innerText(), WAIT).toBe('待签发');

    // ---- 签发: the leader, from the workspace 待办 ----
    const leader = await newPage();
    await login(leader, szf.leader);
    const todo = leader.getByTestId('todo-list').locator('.ant-list-item').filter({ hasText: TITLE });
    await expect.poll(() => todo.innerText(), WAIT).toContain('待签发');
    await todo.click();
    await leader.waitForURL(`**/documents/${documentId}`);
    await leader.getByTestId('action-approve').click();
    await leader.getByTestId('decision-dialog').waitFor();
    await leader.getByTestId('decision-comment').fill('同意。');
    await leader.screenshot({ path: artifactPath('docexchange-05-approve-dialog.png'), animations: 'disabled' });
    await leader.getByTestId('decision-approve').click();
    // layout + seal + encryption take a moment: the dialog says what is happening
    const sealing = leader.getByText('正在排版、用印、加密分发…');
    if (await sealing.isVisible().catch(() => false)) await leader.screenshot({ path: artifactPath('docexchange-06-sealing.png'), animations: 'disabled' });
    await expect.poll(() => leader.getByTestId('doc-status').innerText(), { timeout: 30_000 }).toBe('已分发');
    const docNumber = await leader.getByTestId('doc-number').innerText();
    expect(docNumber).toMatch(/^示政〔\d{4}〕\d+号$/);
    // the sealed PDF, drawn by pdf.js; the seal is on the last page
    await leader.getByRole('tab', { name: '正式文件' }).click();
    await leader.locator('[data-testid="pdf-page"][data-drawn="true"]').first().waitFor({ timeout: 20_000 });
    const lastPage = leader.getByTestId('pdf-page').last();
    await lastPage.scrollIntoViewIfNeeded();
    await expect.poll(() => lastPage.getAttribute('data-drawn'), { timeout: 20_000 }).toBe('true');
    await leader.screenshot({ path: artifactPath('docexchange-07-sealed-pdf.png'), animations: 'disabled' });

    // ---- the sender: the approval record, then 分发跟踪 stays open from here on ----
    await clerk.goto(`${server.url}/documents/${documentId}?tab=approvals`);
    await expect.poll(() => clerk.getByTestId('approvals').innerText(), WAIT).toContain('同意签发');
    await clerk.screenshot({ path: artifactPath('docexchange-08-approvals.png'), animations: 'disabled' });
    await clerk.getByRole('tab', { name: '分发跟踪' }).click();
    await clerk.getByTestId('tracking-table').waitFor();
    await expect.poll(() => trackingRow(clerk, 'fgw').innerText(), { timeout: 20_000 }).toContain('已送达');
    await expect.poll(() => trackingRow(clerk, 'jyj').innerText(), WAIT).toContain('已送达');
    await clerk.evaluate(() => ((window as unknown as { __sameTab: string }).__sameTab = 'still here'));

    // ---- 收文: 发改委 signs for it and registers it ----
    const fgwPage = await newPage();
    await login(fgwPage, fgw.clerk);
    await fgwPage.goto(server.url + '/incoming');
    const fgwItem = fgwPage.getByTestId('incoming-table').locator('tr').filter({ hasText: TITLE });
    await expect.poll(() => fgwItem.innerText(), WAIT).toContain('示范市人民政府');
    await fgwPage.screenshot({ path: artifactPath('docexchange-09-incoming-list.png'), animations: 'disabled' });
    await fgwItem.getByTestId('incoming-title').click();
    const verdict = fgwPage.getByTestId('verdict');
    await expect.poll(() => verdict.innerText(), { timeout: 20_000 }).toContain('验证通过');
    expect(await verdict.getAttribute('data-ok')).toBe('true');
    await expect.poll(() => fgwPage.getByTestId('incoming-page').innerText(), WAIT).toContain(docNumber);
    await fgwPage.getByTestId('incoming-attachments').getByText('附件1 重点任务分工.pdf').waitFor();
    await fgwPage.locator('[data-testid="pdf-page"][data-drawn="true"]').first().waitFor({ timeout: 20_000 });
    await fgwPage.screenshot({ path: artifactPath('docexchange-10-incoming-verified.png'), animations: 'disabled' });
    await fgwPage.getByTestId('action-sign').click();
    await expect.poll(() => fgwPage.getByTestId('delivery-status').first().innerText(), WAIT).toBe('已签收');
    await fgwPage.getByTestId('action-register').click();
    await fgwPage.getByTestId('register-proposal').fill('拟请分管领导阅示');
    await fgwPage.getByTestId('register-ok').click();
    await expect.poll(() => fgwPage.getByTestId('register-number').innerText(), WAIT).toMatch(/^示发改收〔\d{4}〕\d+号$/);
    await fgwPage.screenshot({ path: artifactPath('docexchange-11-signed-registered.png'), animations: 'disabled' });
    // 传阅 from the signed document: the circulation dialog opens with this document chosen
    await fgwPage.getByTestId('action-circulate').click();
    await fgwPage.waitForURL(/\/circulation\?start=/);
    await expect.poll(() => fgwPage.getByTestId('start-document').innerText(), WAIT).toContain(TITLE);
    await fgwPage.screenshot({ path: artifactPath('docexchange-11b-circulate-from-incoming.png'), animations: 'disabled' });

    // ---- 收文: 教育局 returns it, with a reason ----
    // (on a desktop screen: the side menu is open, 公文 › 收文 selected)
    const jyjPage = await newPage({ width: 1440, height: 900 });
    await login(jyjPage, jyj.clerk);
    await jyjPage.goto(server.url + '/incoming');
    const jyjItem = jyjPage.getByTestId('incoming-table').locator('tr').filter({ hasText: TITLE });
    await expect.poll(() => jyjItem.innerText(), WAIT).toContain('示范市人民政府');
    await expect.poll(() => jyjPage.locator('.ant-menu-item-selected').innerText(), WAIT).toBe('收文');
    await settled(jyjPage);
    await jyjPage.screenshot({ path: artifactPath('docexchange-12-incoming-desktop.png'), animations: 'disabled' });
    await jyjItem.getByTestId('incoming-title').click();
    await expect.poll(() => jyjPage.getByTestId('verdict').innerText(), { timeout: 20_000 }).toContain('验证通过');
    await jyjPage.getByTestId('action-return').click();
    await jyjPage.getByTestId('return-ok').click(); // no reason: refused in the dialog
    await jyjPage.getByText('请填写退回理由').first().waitFor();
    await jyjPage.getByTestId('return-reason').fill(RETURN_REASON);
    await jyjPage.screenshot({ path: artifactPath('docexchange-13-return-dialog.png'), animations: 'disabled' });
    await jyjPage.getByTestId('return-ok').click();
    await expect.poll(() => jyjPage.getByTestId('delivery-status').first().innerText(), WAIT).toBe('已退回');

    // ---- the sender's 分发跟踪 shows both, live ----
    await expect.poll(() => trackingRow(clerk, 'fgw').innerText(), { timeout: 15_000 }).toContain('已签收');
    expect(await trackingRow(clerk, 'fgw').getByTestId('signed-cell').innerText()).toContain(await nameOf(fgw.clerk));
    await expect.poll(() => trackingRow(clerk, 'jyj').innerText(), { timeout: 15_000 }).toContain('已退回');
    expect(await trackingRow(clerk, 'jyj').getByTestId('return-cell').innerText()).toContain(RETURN_REASON);
    expect(await clerk.evaluate(() => (window as unknown as { __sameTab?: string }).__sameTab)).toBe('still here');
    // the sender's clerks are also told (a pushed notification); close it so it does not cover the picture
    const notice = clerk.locator('.ant-notification-notice').filter({ hasText: '已退回' });
    await notice.first().waitFor();
    for (const close of await clerk.locator('.ant-notification-notice-close').all()) await close.click().catch(() => {});
    await notice.first().waitFor({ state: 'detached' });
    await clerk.screenshot({ path: artifactPath('docexchange-14-tracking-live.png'), animations: 'disabled' });

    // ---- and where it is filed: 发文 › 已发, 公文检索, 收文登记簿 ----
    await clerk.goto(server.url + '/documents/outbox?box=sent');
    await expect.poll(() => clerk.getByTestId('outbox-table').innerText(), WAIT).toContain('已签收 1/2');
    await settled(clerk);
    await clerk.screenshot({ path: artifactPath('docexchange-15-outbox-sent.png'), animations: 'disabled' });
    await clerk.goto(`${server.url}/documents/search?q=${encodeURIComponent('数字政府')}&direction=all`);
    await expect.poll(() => clerk.getByTestId('search-results').innerText(), WAIT).toContain(docNumber);
    await settled(clerk);
    await clerk.screenshot({ path: artifactPath('docexchange-16-search.png'), animations: 'disabled' });
    await fgwPage.goto(server.url + '/register');
    await expect.poll(() => fgwPage.getByTestId('register-table').innerText(), WAIT).toContain('拟请分管领导阅示');
    await settled(fgwPage);
    await fgwPage.screenshot({ path: artifactPath('docexchange-17-register.png'), animations: 'disabled' });
  });
});
