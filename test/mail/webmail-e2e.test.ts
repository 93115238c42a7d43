// The web mail in Debian's Chromium: a message Debian swaks submitted over STARTTLS + AUTH (Chinese
// subject, sealed 公文 PDF) shows in the recipient's inbox with the PDF intact and its 验证 verdict;
// GBK mail reads correctly; new mail appears live; a reply written in the tiptap editor (with an
// uploaded attachment) reaches another SMTP server DKIM-signed; drafts autosave; autocomplete finds
// people. Screenshots of inbox, message and compose are kept in test/artifacts/.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import nodemailer from 'nodemailer';
import iconv from 'iconv-lite';
import { dkimVerify } from 'mailauth';
import { simpleParser } from 'mailparser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailDb } from '@yizhan/mail/db/tables';
import { dkimDnsRecord, ensureDkimKey } from '@yizhan/mail';
import { artifactPath, launchChromium } from '../support/browser';
import { waitFor } from '../support/wait-for';
import { addressOf, PASSWORD, startMailServer, submissionTransport, type MailTestServer } from './support/mail-server';
import { startRemoteMx, type RemoteMx } from './support/remote-mx';
import { sealedNotice } from './support/sealed-pdf';

const run = promisify(execFile);
const SUBJECT = '关于印发《2026年数字政府建设工作要点》的通知';
const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

let server: MailTestServer;
let remote: RemoteMx;
let browser: Browser;
let page: Page;
let pdf: Buffer;
let tmp: string;

const mx = () => nodemailer.createTransport({ host: '127.0.0.1', port: server.mail.ports.mx, secure: false, tls: { rejectUnauthorized: false } });

beforeAll(async () => {
  remote = await startRemoteMx();
  server = await startMailServer({ env: { YIZHAN_SMTP_RELAY: `127.0.0.1:${remote.port}` } });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-webmail-'));
  pdf = await sealedNotice(server.platform);
  fs.writeFileSync(path.join(tmp, 'ca.pem'), server.caPem);
  fs.writeFileSync(path.join(tmp, '公文.pdf'), pdf);

  // Debian swaks, as an independent client, submits the 公文 over STARTTLS + AUTH.
  const { stdout } = await run('swaks', [
    '--server', `127.0.0.1:${server.mail.ports.submission}`,
    '-tls', '--tls-verify', '--tls-ca-path', path.join(tmp, 'ca.pem'),
    '--auth', 'LOGIN', '--auth-user', 'xiaowenbo', '--auth-password', PASSWORD,
    '--from', addressOf('xiaowenbo', 'szf'), '--to', addressOf('linweidong', 'fgw'),
    '--header', `Subject: ${SUBJECT}`, '--header', 'From: 肖文博 <xiaowenbo@szf.example.gov.cn>',
    '--body', '林主任：\n现将《2026年数字政府建设工作要点》印发给你们，请结合实际认真贯彻落实。\n\n示范市人民政府办公室',
    '--attach-type', 'application/pdf', '--attach-name', '公文.pdf', '--attach', `@${path.join(tmp, '公文.pdf')}`,
  ], { timeout: 60_000 });
  expect(stdout).toMatch(/<~ *250 2\.0\.0 Ok/);

  // A GBK-encoded letter and a request from another organisation arrive on the MX port.
  const gbk = (s: string) => iconv.encode(s, 'gbk').toString('base64');
  await mx().sendMail({
    envelope: { from: 'office@partner.example.org', to: [addressOf('linweidong', 'fgw')] },
    raw: [
      `From: =?GBK?B?${gbk('邻市发展改革委')}?= <office@partner.example.org>`,
      `To: ${addressOf('linweidong', 'fgw')}`,
      `Subject: =?GBK?B?${gbk('关于商请提供重点项目清单的函')}?=`,
      'Message-ID: <gbk-e2e@partner.example.org>',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=GBK',
      'Content-Transfer-Encoding: base64',
      '',
      gbk('林主任：\r\n为做好两市项目对接，请提供贵委2026年重点项目清单。\r\n此致\r\n敬礼\r\n'),
    ].join('\r\n'),
  });
  await mx().sendMail({
    from: '王处长 <wang@partner.example.org>',
    to: addressOf('linweidong', 'fgw'),
    subject: '周报（含外部图片）',
    html: '<p>本周工作进展如下：</p><ul><li>完成项目评审 <b>12</b> 项</li><li>召开协调会 3 次</li></ul><img src="https://tracker.partner.example.org/open.gif" alt="统计图">',
    messageId: '<weekly-1@partner.example.org>',
  });

  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  await page.goto(server.url + '/');
  await page.getByTestId('login-username').fill('linweidong');
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('workspace').waitFor({ timeout: 30_000 });
});

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
  await remote?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const row = (subject: string) => page.getByTestId('mail-row').filter({ hasText: subject });

describe('web mail', () => {
  it('shows the swaks-submitted 公文 with its PDF intact and the 验证 verdict', async () => {
    await page.goto(server.url + '/mail');
    await row(SUBJECT).waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByTestId('mail-quota').innerText()).toMatch(/已用 .+ \/ 2 GB/);
    await page.screenshot({ path: artifactPath('mail-inbox.png') });

    await row(SUBJECT).click();
    await expect.poll(() => page.getByTestId('mail-subject').innerText(), { timeout: 10_000 }).toBe(SUBJECT);
    await expect.poll(() => page.getByTestId('mail-reader').innerText()).toContain('请结合实际认真贯彻落实');
    const verdict = page.getByTestId('seal-verdict');
    await expect.poll(() => verdict.innerText(), { timeout: 10_000 }).toContain('电子印章有效：示范市人民政府');
    await expect.poll(() => page.getByTestId('mail-attachment').innerText()).toContain('公文.pdf');
    await page.screenshot({ path: artifactPath('mail-message.png') });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('attachment-download').click()]);
    expect(download.suggestedFilename()).toBe('公文.pdf');
    const file = path.join(tmp, 'downloaded.pdf');
    await download.saveAs(file);
    expect(sha256(fs.readFileSync(file))).toBe(sha256(pdf));
  });

  it('reads GBK mail correctly and keeps remote images blocked until asked', async () => {
    await row('关于商请提供重点项目清单的函').click();
    await expect.poll(() => page.getByTestId('mail-reader').innerText(), { timeout: 10_000 }).toContain('为做好两市项目对接，请提供贵委2026年重点项目清单。');
    expect(await page.getByTestId('mail-reader').innerText()).toContain('邻市发展改革委');

    await row('周报（含外部图片）').click();
    const frame = page.frameLocator('[data-testid="mail-body-html"]');
    await expect.poll(() => frame.locator('body').innerText(), { timeout: 10_000 }).toContain('完成项目评审');
    expect(await frame.locator('img').count()).toBe(0);
    await page.getByTestId('show-remote-images').click();
    await expect.poll(() => frame.locator('img').count(), { timeout: 10_000 }).toBe(1);
  });

  it('shows new mail live, in the list and on the notification badge', async () => {
    const before = Number((await page.getByTestId('notification-badge').innerText().catch(() => '0')) || 0);
    await submissionTransport(server, 'sunhua').sendMail({ from: '孙华 <sunhua@fgw.example.gov.cn>', to: addressOf('linweidong', 'fgw'), subject: '实时到达的新邮件', text: '请留意。' });
    await row('实时到达的新邮件').waitFor({ timeout: 15_000 });
    // New-mail notifications are coalesced per user over a 30 s window (a burst is one bell entry);
    // this user was notified earlier in the file, so the bell may only move when that window ends.
    await expect.poll(async () => Number((await page.getByTestId('notification-badge').innerText()) || 0), { timeout: 45_000, interval: 1000 }).toBeGreaterThan(before);
  });

  it('replies from the editor with an uploaded attachment; the reply reaches the other server DKIM-signed', async () => {
    await row('周报（含外部图片）').click();
    await page.getByTestId('mail-reply').first().click();
    const compose = page.getByTestId('compose');
    await compose.waitFor();
    await page.getByTestId('mail-editor').click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('王处长：周报收悉，项目清单见附件。');
    await page.getByTestId('compose-file-input').setInputFiles({ name: '项目清单.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from('清单内容'.repeat(5000)) });
    await expect.poll(() => page.getByTestId('compose-file').innerText(), { timeout: 10_000 }).toContain('项目清单.xlsx');
    await expect.poll(() => page.getByTestId('compose-file').locator('.ant-progress').count(), { timeout: 10_000 }).toBe(0);
    expect(await page.getByTestId('compose-subject').inputValue()).toBe('回复：周报（含外部图片）');
    for (const close of await page.locator('.ant-notification-notice-close').all()) await close.click().catch(() => {});
    await page.locator('.ant-notification-notice').first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => {});
    await page.screenshot({ path: artifactPath('mail-compose.png') });
    await page.getByTestId('compose-send').click();
    await compose.waitFor({ state: 'detached', timeout: 15_000 });

    const got = await waitFor(async () => remote.received.find((m) => m.to.includes('wang@partner.example.org')), 20_000, 'relayed reply');
    const key = await ensureDkimKey(mailDb(server.platform.db), server.platform.masterKey, { domain: 'example.gov.cn', dkimSelector: 'yizhan' });
    const { txt } = dkimDnsRecord(key);
    const verified = await dkimVerify(got.raw, { resolver: async (name: string, rr: string) => (rr === 'TXT' && name === 'yizhan._domainkey.example.gov.cn' ? [[txt]] : Promise.reject(Object.assign(new Error('nx'), { code: 'ENOTFOUND' }))) });
    // Kept for diagnosis when the signature does not verify.
    if (verified.results[0]?.status.result !== 'pass') fs.writeFileSync(artifactPath('mail-dkim-failed.eml'), got.raw);
    expect(verified.results[0].status.result, `${verified.results[0].info} ${JSON.stringify(verified.results[0].status)}`).toBe('pass');
    const parsed = await simpleParser(got.raw);
    expect(parsed.subject).toBe('回复：周报（含外部图片）');
    expect(parsed.inReplyTo).toBe('<weekly-1@partner.example.org>');
    expect(parsed.text).toContain('王处长：周报收悉，项目清单见附件。');
    expect(parsed.attachments.map((a) => [a.filename, a.size])).toEqual([['项目清单.xlsx', Buffer.byteLength('清单内容'.repeat(5000))]]);
  });

  it('autosaves a draft, finds people by name, and sends to them', async () => {
    await page.getByTestId('mail-compose').click();
    await page.getByTestId('compose').waitFor();
    const to = page.getByTestId('compose-to');
    await to.click();
    await page.keyboard.type('孙华');
    await page.locator('.ant-select-item-option').filter({ hasText: 'sunhua@fgw.example.gov.cn' }).first().click();
    await page.getByTestId('compose-subject').fill('草稿自动保存测试');
    await page.getByTestId('mail-editor').click();
    await page.keyboard.type('这封邮件先自动保存为草稿，再发送。');
    await expect.poll(() => page.getByTestId('draft-status').innerText(), { timeout: 15_000 }).toContain('草稿已保存');
    const drafts = await mailDb(server.platform.db).selectFrom('mail_drafts').select('subject').execute();
    expect(drafts.map((d) => d.subject)).toContain('草稿自动保存测试');

    await page.getByTestId('compose-send').click();
    await page.getByTestId('compose').waitFor({ state: 'detached', timeout: 15_000 });
    const delivered = await waitFor(
      async () =>
        mailDb(server.platform.db)
          .selectFrom('mail_entries')
          .innerJoin('mail_mailboxes', 'mail_mailboxes.id', 'mail_entries.mailbox_id')
          .innerJoin('mail_messages', 'mail_messages.id', 'mail_entries.message_id')
          .select(['mail_messages.subject', 'mail_messages.text_body'])
          .where('mail_mailboxes.address', '=', addressOf('sunhua', 'fgw'))
          .where('mail_messages.subject', '=', '草稿自动保存测试')
          .executeTakeFirst(),
      10_000,
      'delivery to sunhua',
    );
    expect(delivered.text_body).toContain('这封邮件先自动保存为草稿，再发送。');
    // Sent, so the draft is gone.
    expect((await mailDb(server.platform.db).selectFrom('mail_drafts').select('subject').execute()).map((d) => d.subject)).not.toContain('草稿自动保存测试');
  });

  it('searches in Chinese', async () => {
    await server.mail.indexer.drain();
    await page.getByTestId('folder-user-inbox').click();
    const search = page.getByTestId('mail-search').locator('input');
    await search.fill('数字政府');
    await search.press('Enter');
    await expect.poll(() => page.getByTestId('thread-list').innerText(), { timeout: 10_000 }).toContain('搜索结果');
    const rows = page.getByTestId('mail-row');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain(SUBJECT);
    await page.screenshot({ path: artifactPath('mail-search.png') });
  });

  it('says in Chinese which recipient does not exist, keeps the message open, and sends nothing', async () => {
    await page.getByTestId('mail-compose').click();
    await page.getByTestId('compose').waitFor();
    await page.getByTestId('compose-to').click();
    await page.keyboard.type('nosuchperson@fgw.example.gov.cn,');
    await page.getByTestId('compose-subject').fill('发给不存在的人');
    await page.getByTestId('mail-editor').click();
    await page.keyboard.type('这封邮件不应发出。');
    await page.getByTestId('compose-send').click();
    const notice = page.locator('.ant-notification-notice, .ant-message-notice');
    await expect.poll(() => notice.allInnerTexts().then((t) => t.join(' ')), { timeout: 10_000 }).toContain('收件人不存在：nosuchperson@fgw.example.gov.cn');
    const shown = notice.filter({ hasText: '收件人不存在' }).first();
    await shown.waitFor({ state: 'visible' });
    expect(await page.getByTestId('compose').isVisible()).toBe(true);
    await page.waitForTimeout(600); // let the notice finish its entry animation before the screenshot
    await page.screenshot({ path: artifactPath('mail-error.png') });
    const stored = await mailDb(server.platform.db).selectFrom('mail_messages').select('id').where('subject', '=', '发给不存在的人').execute();
    expect(stored).toEqual([]);
  });
});
