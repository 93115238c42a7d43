// A clerk logs in through the real UI in Debian's Chromium and sees the workspace and the directory
// with the demo city; an admin sees the admin pages. Screenshots are kept in test/artifacts/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '@yizhan/core';
import { startTestServer, type TestServer } from '../support/temp-server';
import { artifactPath, launchChromium } from '../support/browser';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

async function login(page: Page, username: string, password = 'yizhan2026') {
  await page.goto(server.url + '/');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

describe('web shell', () => {
  it('refuses a wrong password with the server’s Chinese message', async () => {
    const page = await browser.newPage();
    await login(page, DEMO_ACCOUNTS.cityGovClerk, 'not-the-password1');
    await expect.poll(() => page.getByText('用户名或密码错误').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: artifactPath('login-error.png') });
    await page.close();
  });

  it('logs a clerk in to the workspace, then shows the directory with the demo city', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await login(page, DEMO_ACCOUNTS.cityGovClerk);
    await page.getByTestId('workspace').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId('workspace').innerText()).toContain('示范市人民政府');
    await page.getByTestId('todo-list').waitFor();
    await page.screenshot({ path: artifactPath('workspace.png') });

    await page.goto(server.url + '/directory');
    await page.getByTestId('directory').waitFor();
    const tree = page.getByTestId('agency-tree');
    await expect.poll(() => tree.innerText(), { timeout: 10_000 }).toContain('中共示范市委员会');
    // the tree is virtualised: find the agency through its search box, as a clerk would
    await page.getByPlaceholder('搜索单位').fill('发展和改革');
    await tree.getByText('示范市发展和改革委员会').first().click();
    const table = page.getByTestId('people-table');
    await expect.poll(() => table.innerText(), { timeout: 10_000 }).toContain('@fgw.example.gov.cn');
    await expect.poll(() => table.innerText()).toContain('收发员');
    await page.screenshot({ path: artifactPath('directory.png') });
    await page.close();
  });

  it('works on a 1024×768 tablet and lets an admin reach the admin pages', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 }, hasTouch: true });
    await login(page, 'admin');
    await page.getByTestId('workspace').waitFor({ timeout: 15_000 });
    await page.goto(server.url + '/admin/users');
    await expect.poll(() => page.locator('body').innerText(), { timeout: 10_000 }).toContain('系统管理员');
    await page.screenshot({ path: artifactPath('admin-users-tablet.png') });
    await page.goto(server.url + '/admin/certificates');
    await expect.poll(() => page.locator('body').innerText(), { timeout: 10_000 }).toContain('示范市电子政务根证书');
    await page.screenshot({ path: artifactPath('admin-certificates-tablet.png') });
    await page.close();
  });

  it('shows a realtime notification badge without reload', async () => {
    const page = await browser.newPage();
    await login(page, DEMO_ACCOUNTS.fgwClerk);
    await page.getByTestId('workspace').waitFor({ timeout: 15_000 });
    const user = await server.platform.db.selectFrom('users').select('id').where('username', '=', DEMO_ACCOUNTS.fgwClerk).executeTakeFirstOrThrow();
    const { notify } = await import('@yizhan/core');
    // the socket connects after the shell renders; retry until the badge shows the pushed item
    await expect
      .poll(
        async () => {
          await notify({ db: server.platform.db, realtime: server.platform.realtime, userIds: [user.id], kind: 'test', title: '测试通知' });
          return page.getByTestId('notification-badge').innerText();
        },
        { timeout: 15_000, interval: 1000 },
      )
      .toMatch(/[1-9]/);
    await page.screenshot({ path: artifactPath('notification-badge.png') });
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.getByTestId('login-username').waitFor({ timeout: 10_000 });
    await page.close();
  });
});
