// Mail in over real SMTP: Debian swaks and nodemailer on the submission port (STARTTLS with the
// city-CA certificate, then AUTH), other servers on the MX port, distribution lists, GBK mail, and
// the bad-input list — 538, 535, 552, 550, spoofing, malformed sequences, dropped connections —
// after which the server still works. Checked through the REST API and the `yizhan mailbox` CLI.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import nodemailer from 'nodemailer';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateUser } from '@yizhan/core';
import { mailDb } from '@yizhan/mail/db/tables';
import { ApiClient } from '../support/temp-server';
import { yizhan } from '../support/yizhan-cli';
import { waitFor } from '../support/wait-for';
import { addressOf, PASSWORD, startMailServer, submissionTransport, type MailTestServer } from './support/mail-server';
import { code, RawSmtp } from './support/raw-smtp';
import { sealedNotice } from './support/sealed-pdf';

const run = promisify(execFile);
const MAX_BYTES = 2 * 1024 * 1024;
const SUBJECT = '关于印发《2026年数字政府建设工作要点》的通知';

let server: MailTestServer;
let tmp: string;
let caFile: string;
let pdf: Buffer;
const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

/** The sender's domain publishes a strict SPF record through the test resolver. */
const resolver = async (name: string, rr: string) => {
  if (rr === 'TXT' && name === 'spf-strict.example.org') return [['v=spf1 ip4:192.0.2.1 -all']];
  throw Object.assign(new Error(`no ${rr} for ${name}`), { code: 'ENOTFOUND' });
};

beforeAll(async () => {
  server = await startMailServer({ mail: { settings: { maxMessageBytes: MAX_BYTES, mxMessagesPerMinute: 1000 }, resolver } });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-mail-in-'));
  caFile = path.join(tmp, 'ca.pem');
  fs.writeFileSync(caFile, server.caPem);
  pdf = await sealedNotice(server.platform);
});
afterAll(async () => {
  await server?.dispose();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function loginAs(username: string) {
  const api = new ApiClient(server.url);
  const res = await api.login(username, PASSWORD);
  expect(res.status).toBe(200);
  return api;
}

/** The newest entries of a user's folder (via the CLI the issue asks for). */
async function mailbox(username: string, folder = 'INBOX') {
  const r = await yizhan(['mailbox', '--user', username, '--folder', folder, '--json'], { env: server.env });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { mailbox: string; messages: Array<{ id: string; from: string; fromAddress: string; subject: string; date: string; attachments: Array<{ filename: string; sha256: string; size: number }> }> };
}

/** The same listing straight from the database (fast, for checks over many mailboxes). */
async function subjectsIn(address: string, role = 'inbox'): Promise<Array<{ subject: string; fromAddress: string }>> {
  const rows = await mailDb(server.platform.db)
    .selectFrom('mail_entries')
    .innerJoin('mail_mailboxes', 'mail_mailboxes.id', 'mail_entries.mailbox_id')
    .innerJoin('mail_folders', 'mail_folders.id', 'mail_entries.folder_id')
    .innerJoin('mail_messages', 'mail_messages.id', 'mail_entries.message_id')
    .select(['mail_messages.subject', 'mail_messages.from_address'])
    .where('mail_mailboxes.address', '=', address)
    .where('mail_folders.role', '=', role)
    .orderBy('mail_entries.received_at', 'desc')
    .execute();
  return rows.map((r) => ({ subject: r.subject, fromAddress: r.from_address }));
}

async function inboxOf(api: ApiClient) {
  const boxes = (await api.get('/api/mail/mailboxes')).body.mailboxes;
  const own = boxes[0];
  const inbox = own.folders.find((f: { role: string }) => f.role === 'inbox');
  const threads = (await api.get(`/api/mail/mailboxes/${own.id}/folders/${inbox.id}/threads?limit=200`)).body.threads;
  return { own, inbox, threads };
}

describe('submission port', () => {
  it('takes a message with a Chinese subject and a sealed PDF from Debian swaks over STARTTLS + AUTH PLAIN', async () => {
    const file = path.join(tmp, '公文.pdf');
    fs.writeFileSync(file, pdf);
    const { stdout } = await run('swaks', [
      '--server', `127.0.0.1:${server.mail.ports.submission}`,
      '-tls', '--tls-verify', '--tls-ca-path', caFile,
      '--auth', 'PLAIN', '--auth-user', 'xiaowenbo', '--auth-password', PASSWORD,
      '--from', addressOf('xiaowenbo', 'szf'), '--to', addressOf('linweidong', 'fgw'),
      '--header', `Subject: ${SUBJECT}`,
      '--body', '林主任：\n请按附件要求抓好落实。\n市政府办公室',
      '--attach-type', 'application/pdf', '--attach-name', '公文.pdf', '--attach', `@${file}`,
    ], { timeout: 60_000 });
    expect(stdout).toMatch(/<~ *250 2\.0\.0 Ok: queued as/);
    expect(stdout).toMatch(/STARTTLS/);

    const box = await mailbox('linweidong');
    const m = box.messages.find((x) => x.subject === SUBJECT);
    expect(m, JSON.stringify(box)).toBeTruthy();
    expect(m!.fromAddress).toBe(addressOf('xiaowenbo', 'szf'));
    expect(m!.attachments).toEqual([{ filename: '公文.pdf', contentType: 'application/pdf', size: pdf.length, sha256: sha256(pdf) }]);

    // The web mail API serves the same bytes and the seal verdict of the document-exchange verifier.
    const api = await loginAs('linweidong');
    const detail = (await api.get(`/api/mail/entries/${m!.id}`)).body;
    expect(detail.text).toContain('请按附件要求抓好落实');
    expect(detail.attachments[0].seal).toMatchObject({ status: 'valid', signers: ['示范市人民政府'] });
    const res = await fetch(`${server.url}/api/mail/entries/${m!.id}/attachments/0?download=1`, { headers: { cookie: api.cookie } });
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('公文.pdf'));
    expect(sha256(Buffer.from(await res.arrayBuffer()))).toBe(sha256(pdf));

    // The sender keeps a copy in 已发送.
    expect((await mailbox('xiaowenbo', 'Sent')).messages.some((x) => x.subject === SUBJECT)).toBe(true);
  });

  it('delivers a nodemailer message to a distribution list to every member, once each', async () => {
    const fgw = await server.platform.db.selectFrom('users').select('username').where('agency_code', '=', 'fgw').where('disabled', '=', false).execute();
    expect(fgw.length).toBeGreaterThanOrEqual(5);
    const subject = `全体人员会议通知 ${crypto.randomUUID().slice(0, 8)}`;
    const info = await submissionTransport(server, 'sunhua').sendMail({
      from: { name: '孙华', address: addressOf('sunhua', 'fgw') },
      to: `all-staff@fgw.${'example.gov.cn'}`,
      cc: 'all-counties@example.gov.cn',
      subject,
      text: '定于周一上午九点在三楼会议室召开全体会议。',
    });
    expect(info.response).toMatch(/^250 /);
    for (const { username } of fgw) {
      expect((await subjectsIn(addressOf(username, 'fgw'))).filter((x) => x.subject === subject), username).toHaveLength(1);
    }
    expect((await mailbox('wanghaibo')).messages.filter((x) => x.subject === subject)).toHaveLength(1);
    // …and the level list reached every county government's unit mailbox.
    const counties = await server.platform.db.selectFrom('agencies').select('code').where('kind', '=', 'county').execute();
    expect(counties.length).toBe(16);
    for (const { code: agency } of counties) {
      expect((await subjectsIn(`office@${agency}.example.gov.cn`)).filter((x) => x.subject === subject), agency).toHaveLength(1);
    }
  });

  it('lets a clerk read and send as the unit mailbox (单位邮箱) granted to them, and nobody else', async () => {
    const clerk = await loginAs('linweidong');
    const boxes = (await clerk.get('/api/mail/mailboxes')).body.mailboxes;
    expect(boxes.map((b: { address: string }) => b.address)).toEqual([addressOf('linweidong', 'fgw'), 'office@fgw.example.gov.cn']);
    const office = boxes[1];
    expect(office).toMatchObject({ kind: 'shared', canSend: true });
    const sent = await clerk.post('/api/mail/send', { fromMailboxId: office.id, to: [addressOf('sunhua', 'fgw')], subject: '以单位名义发出', html: '<p>请阅。</p>' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect((await subjectsIn(addressOf('sunhua', 'fgw'))).find((x) => x.subject === '以单位名义发出')?.fromAddress).toBe('office@fgw.example.gov.cn');

    const staff = await loginAs('wanghaibo');
    expect((await staff.get('/api/mail/mailboxes')).body.mailboxes).toHaveLength(1);
    const denied = await staff.post('/api/mail/send', { fromMailboxId: office.id, to: [addressOf('sunhua', 'fgw')], subject: 'x' });
    expect(denied.status).toBe(403);
    // Over SMTP too: a staff member cannot put the unit address in MAIL FROM.
    await expect(submissionTransport(server, 'wanghaibo').sendMail({ from: 'office@fgw.example.gov.cn', to: addressOf('sunhua', 'fgw'), subject: 'x', text: 'x' })).rejects.toMatchObject({ responseCode: 553 });
  });

  it('refuses AUTH before STARTTLS (538), a wrong password (535), unknown recipients (550), and oversized mail (552)', async () => {
    const c = await RawSmtp.connect(server.mail.ports.submission);
    expect(await c.send('EHLO test.example')).toMatch(/STARTTLS/);
    expect(code(await c.send(`AUTH PLAIN ${Buffer.from(`\0xiaowenbo\0${PASSWORD}`).toString('base64')}`))).toBe(538);
    expect(code(await c.send('MAIL FROM:<xiaowenbo@szf.example.gov.cn>'))).toBe(530);
    c.close();

    await expect(submissionTransport(server, 'qianyang', 'wrong-password-1').verify()).rejects.toMatchObject({ responseCode: 535 });
    await expect(submissionTransport(server, 'nobody-here', 'whatever1').verify()).rejects.toMatchObject({ responseCode: 535 });

    const t = submissionTransport(server, 'sunhua');
    await expect(t.sendMail({ from: addressOf('sunhua', 'fgw'), to: 'nosuchperson@fgw.example.gov.cn', subject: 'x', text: 'x' })).rejects.toMatchObject({ responseCode: 550 });
    await expect(t.sendMail({ from: addressOf('sunhua', 'fgw'), to: 'someone@nosuchagency.example.gov.cn', subject: 'x', text: 'x' })).rejects.toMatchObject({ responseCode: 550 });
    const big = crypto.randomBytes(MAX_BYTES).toString('base64');
    await expect(t.sendMail({ from: addressOf('sunhua', 'fgw'), to: addressOf('qianyang', 'fgw'), subject: '超大附件', text: 'x', attachments: [{ filename: 'big.bin', content: big }] })).rejects.toMatchObject({ responseCode: 552 });
    expect((await subjectsIn(addressOf('qianyang', 'fgw'))).some((m) => m.subject === '超大附件')).toBe(false);
  });

  it('refuses a From header that is not the user’s, and AUTH for a disabled account — whose mail is kept and still arrives', async () => {
    await expect(
      submissionTransport(server, 'jianglixin').sendMail({ envelope: { from: addressOf('jianglixin', 'fgw'), to: [addressOf('sunhua', 'fgw')] }, from: addressOf('lvhaifeng', 'szf'), to: addressOf('sunhua', 'fgw'), subject: '冒名', text: 'x' }),
    ).rejects.toMatchObject({ responseCode: 550 });

    await submissionTransport(server, 'sunhua').sendMail({ from: addressOf('sunhua', 'fgw'), to: addressOf('jianglixin', 'fgw'), subject: '停用前的邮件', text: '保留' });
    await updateUser({ db: server.platform.db, actor: 'test', username: 'jianglixin', changes: { disabled: true } });
    await expect(submissionTransport(server, 'jianglixin').verify()).rejects.toMatchObject({ responseCode: 535 });
    const webLogin = await new ApiClient(server.url).login('jianglixin', PASSWORD);
    expect(webLogin.status).toBe(403);
    await submissionTransport(server, 'sunhua').sendMail({ from: addressOf('sunhua', 'fgw'), to: addressOf('jianglixin', 'fgw'), subject: '停用后的邮件', text: '仍然投递' });
    const subjects = (await subjectsIn(addressOf('jianglixin', 'fgw'))).map((m) => m.subject);
    expect(subjects).toEqual(expect.arrayContaining(['停用前的邮件', '停用后的邮件']));
    await updateUser({ db: server.platform.db, actor: 'test', username: 'jianglixin', changes: { disabled: false } });
    await expect(submissionTransport(server, 'jianglixin').verify()).resolves.toBe(true);
  });

  it('refuses mail to a full mailbox with 552 and bounces what no longer fits', async () => {
    const t = submissionTransport(server, 'sunhua');
    const r = await yizhan(['mail', 'quota', 'wanghaibo', '--mb', '1'], { env: server.env });
    expect(r.code, r.stderr).toBe(0);
    const half = crypto.randomBytes(450 * 1024).toString('base64'); // ~600 KB on the wire
    await t.sendMail({ from: addressOf('sunhua', 'fgw'), to: addressOf('wanghaibo', 'fgw'), subject: '第一份材料', text: 'x', attachments: [{ filename: 'a.bin', content: half }] });
    await t.sendMail({ from: addressOf('sunhua', 'fgw'), to: addressOf('wanghaibo', 'fgw'), subject: '第二份材料', text: 'x', attachments: [{ filename: 'b.bin', content: half }] });
    // The second did not fit: not delivered, and the sender got a delivery status notification.
    const got = (await subjectsIn(addressOf('wanghaibo', 'fgw'))).map((m) => m.subject);
    expect(got).toContain('第一份材料');
    expect(got).not.toContain('第二份材料');
    const bounce = await waitFor(async () => (await subjectsIn(addressOf('sunhua', 'fgw'))).find((m) => m.subject.startsWith('退信通知')), 10_000, 'bounce');
    expect(bounce.fromAddress).toBe('mailer-daemon@example.gov.cn');
    // A client that declares the size (RFC 1870) is refused at RCPT when it would not fit.
    const c = await RawSmtp.connect(server.mail.ports.mx);
    await c.send('EHLO sizes.example.org');
    expect(code(await c.send('MAIL FROM:<office@outside.example.org> SIZE=700000'))).toBe(250);
    expect(await c.send(`RCPT TO:<${addressOf('wanghaibo', 'fgw')}>`)).toMatch(/^552 5\.2\.2/);
    expect(code(await c.send(`RCPT TO:<${addressOf('sunhua', 'fgw')}>`))).toBe(250);
    c.close();
    const api = await loginAs('wanghaibo');
    const quota = (await api.get('/api/mail/mailboxes')).body.mailboxes[0].quota;
    expect(quota.limitBytes).toBe(1024 * 1024);
    expect(quota.usedBytes).toBeGreaterThan(500 * 1024);
  });

  it('survives malformed command sequences, junk, overlong lines and dropped connections, storing nothing half-received', async () => {
    const before = await mailDb(server.platform.db).selectFrom('mail_messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const c = await RawSmtp.connect(server.mail.ports.mx);
    expect(code(await c.send('DATA'))).toBe(503);
    expect(code(await c.send('RCPT TO:<sunhua@fgw.example.gov.cn>'))).toBe(503);
    expect(code(await c.send('HELO'))).toBeGreaterThanOrEqual(500);
    expect(code(await c.send('FROB something'))).toBeGreaterThanOrEqual(500);
    expect(code(await c.send('EHLO junk.example'))).toBe(250);
    expect(code(await c.send('MAIL FROM:<<<bad>>>'))).toBeGreaterThanOrEqual(500);
    expect(code(await c.send(Buffer.concat([Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80]), Buffer.from('\r\n')])))).toBeGreaterThanOrEqual(500);
    expect(code(await c.send(`NOOP ${'x'.repeat(20_000)}`))).toBeGreaterThanOrEqual(400); // 421 and hang up is fine too
    c.close();

    // A message cut off in the middle of DATA is not stored.
    const d = await RawSmtp.connect(server.mail.ports.mx);
    await d.send('EHLO cut.example');
    expect(code(await d.send('MAIL FROM:<someone@outside.example.org>'))).toBe(250);
    expect(code(await d.send('RCPT TO:<sunhua@fgw.example.gov.cn>'))).toBe(250);
    expect(code(await d.send('DATA'))).toBe(354);
    d.write('Subject: half a message\r\n\r\nthe first half of the body\r\n');
    await new Promise((r) => setTimeout(r, 200));
    d.close();

    // Headers that are not headers, bare LF line ends, 8-bit junk: stored or refused, never a crash.
    const e = await RawSmtp.connect(server.mail.ports.mx);
    await e.send('EHLO junk.example');
    await e.send('MAIL FROM:<someone@outside.example.org>');
    await e.send('RCPT TO:<sunhua@fgw.example.gov.cn>');
    expect(code(await e.send('DATA'))).toBe(354);
    expect(code(await e.send(Buffer.from('no colon header line\n\xff\xfe\x00 binary\n--boundary-without-start\r\nContent-Type: multipart/mixed; boundary="\r\n.\r\n', 'latin1')))).toBe(250);
    await e.send('QUIT');

    await new Promise((r) => setTimeout(r, 300));
    const after = await mailDb(server.platform.db).selectFrom('mail_messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1); // the junk one only, not the half one
    expect((await mailbox('sunhua')).messages.some((m) => m.subject === 'half a message')).toBe(false);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    await expect(submissionTransport(server, 'sunhua').verify()).resolves.toBe(true);
  });
});

describe('MX port', () => {
  const mx = () => nodemailer.createTransport({ host: '127.0.0.1', port: server.mail.ports.mx, secure: false, tls: { rejectUnauthorized: false }, name: 'mail.outside.example.org' });

  it('decodes GB2312/GBK mail — encoded words, 8-bit headers and bodies — correctly', async () => {
    const gbk = (s: string) => iconv.encode(s, 'gbk');
    const b64 = (b: Buffer) => b.toString('base64');
    const encoded = Buffer.concat([
      Buffer.from(
        [
          'From: =?GB2312?B?' + b64(gbk('外省办公厅')) + '?= <office@outside.example.org>',
          'To: sunhua@fgw.example.gov.cn',
          'Subject: =?GB2312?B?' + b64(gbk('关于协助核查项目资料的函')) + '?=',
          'Date: Mon, 23 Nov 2026 08:00:00 +0800',
          'Message-ID: <gbk-1@outside.example.org>',
          'MIME-Version: 1.0',
          'Content-Type: text/plain; charset="GB2312"',
          'Content-Transfer-Encoding: base64',
          '',
          b64(gbk('孙主任：\r\n请协助核查附表中的项目资料，并于十日内函复。\r\n')),
          '',
        ].join('\r\n'),
      ),
    ]);
    const eightBit = Buffer.concat([
      Buffer.from('From: '),
      gbk('邻市发改委'),
      Buffer.from(' <fgw@outside.example.org>\r\nTo: sunhua@fgw.example.gov.cn\r\nSubject: '),
      gbk('项目申报材料（八位编码）'),
      Buffer.from('\r\nMessage-ID: <gbk-2@outside.example.org>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=GBK\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'),
      gbk('正文：申报截止日期为十二月一日。\r\n'),
    ]);
    for (const raw of [encoded, eightBit]) {
      const info = await mx().sendMail({ envelope: { from: 'office@outside.example.org', to: ['sunhua@fgw.example.gov.cn'] }, raw });
      expect(info.response).toMatch(/^250 /);
    }
    const api = await loginAs('sunhua');
    const { threads } = await inboxOf(api);
    const first = threads.find((t: { subject: string }) => t.subject === '关于协助核查项目资料的函');
    const second = threads.find((t: { subject: string }) => t.subject === '项目申报材料（八位编码）');
    expect(first?.from).toEqual({ address: 'office@outside.example.org', name: '外省办公厅' });
    expect(second?.from).toEqual({ address: 'fgw@outside.example.org', name: '邻市发改委' });
    expect((await api.get(`/api/mail/entries/${first.id}`)).body.text).toContain('请协助核查附表中的项目资料，并于十日内函复。');
    expect((await api.get(`/api/mail/entries/${second.id}`)).body.text).toContain('正文：申报截止日期为十二月一日。');
    // Searchable in Chinese once indexed.
    await server.mail.indexer.drain();
    const hits = (await api.get(`/api/mail/mailboxes/${first.mailboxId}/search?q=${encodeURIComponent('核查项目')}`)).body.messages;
    expect(hits.map((h: { id: string }) => h.id)).toEqual([first.id]);
  });

  it('sanitises HTML mail: no scripts or handlers, remote images only on request', async () => {
    await mx().sendMail({
      from: 'news@outside.example.org',
      to: 'sunhua@fgw.example.gov.cn',
      subject: 'HTML 测试',
      html: '<p onclick="steal()">你好<script>alert(1)</script><img src="https://tracker.example.org/p.gif" alt="logo"><a href="javascript:alert(2)">点我</a><iframe src="https://x.example.org"></iframe><b style="color:red;background:url(https://x.example.org/bg)">粗体</b></p>',
    });
    const api = await loginAs('sunhua');
    const t = (await inboxOf(api)).threads.find((x: { subject: string }) => x.subject === 'HTML 测试');
    const blocked = (await api.get(`/api/mail/entries/${t.id}`)).body;
    expect(blocked.html).toContain('你好');
    expect(blocked.html).toContain('粗体');
    for (const bad of ['<script', 'onclick', 'javascript:', '<iframe', 'tracker.example.org', 'url(']) expect(blocked.html).not.toContain(bad);
    expect(blocked.blockedImages).toBe(1);
    const shown = (await api.get(`/api/mail/entries/${t.id}?images=1`)).body;
    expect(shown.html).toContain('https://tracker.example.org/p.gif');
    expect(shown.blockedImages).toBe(0);
  });

  it('refuses relaying, unknown users, forged local senders, lists from outside, SPF failures and oversized mail', async () => {
    const send = (envelope: { from: string; to: string[] }, text = 'x') => mx().sendMail({ envelope, from: envelope.from, to: envelope.to, subject: 'x', text });
    await expect(send({ from: 'a@outside.example.org', to: ['someone@gmail.example.com'] })).rejects.toMatchObject({ responseCode: 550 });
    await expect(send({ from: 'a@outside.example.org', to: ['nosuch@fgw.example.gov.cn'] })).rejects.toMatchObject({ responseCode: 550 });
    await expect(send({ from: 'lvhaifeng@szf.example.gov.cn', to: ['sunhua@fgw.example.gov.cn'] })).rejects.toMatchObject({ responseCode: 550 });
    await expect(send({ from: 'a@outside.example.org', to: ['all-staff@fgw.example.gov.cn'] })).rejects.toMatchObject({ responseCode: 550 });
    await expect(send({ from: 'a@spf-strict.example.org', to: ['sunhua@fgw.example.gov.cn'] })).rejects.toMatchObject({ responseCode: 550 });
    await expect(send({ from: 'a@outside.example.org', to: ['sunhua@fgw.example.gov.cn'] }, 'y'.repeat(MAX_BYTES + 10))).rejects.toMatchObject({ responseCode: 552 });
    // What is accepted carries the checks' results.
    await send({ from: 'a@outside.example.org', to: ['sunhua@fgw.example.gov.cn'] }, 'checked');
    const row = await mailDb(server.platform.db).selectFrom('mail_messages').select('auth_results').where('envelope_from', '=', 'a@outside.example.org').executeTakeFirstOrThrow();
    expect(row.auth_results).toMatch(/spf=/);
  });
});

describe('directory-driven mailboxes and the CLI', () => {
  it('gives a user added to the directory a mailbox at once', async () => {
    const add = await yizhan(['users', 'add', 'xinren', '--name', '辛仁', '--agency', 'fgw', '--roles', 'staff', '--password', 'xinren2026'], { env: server.env });
    expect(add.code, add.stderr).toBe(0);
    const info = await submissionTransport(server, 'sunhua').sendMail({ from: addressOf('sunhua', 'fgw'), to: addressOf('xinren', 'fgw'), subject: '欢迎新同事', text: '欢迎！' });
    expect(info.response).toMatch(/^250 /);
    const box = await mailbox('xinren');
    expect(box.mailbox).toBe(addressOf('xinren', 'fgw'));
    expect(box.messages.map((m) => [m.subject, m.fromAddress])).toEqual([['欢迎新同事', addressOf('sunhua', 'fgw')]]);
    const folders = await yizhan(['mailbox', '--user', 'xinren', '--folder', '已删除', '--json'], { env: server.env });
    expect(JSON.parse(folders.stdout).messages).toEqual([]);
    const unknown = await yizhan(['mailbox', '--user', 'xinren', '--folder', '不存在'], { env: server.env });
    expect(unknown.code).toBe(1);
  });

  it('prints the DKIM record to publish', async () => {
    const r = await yizhan(['mail', 'dkim', '--json'], { env: server.env });
    expect(r.code, r.stderr).toBe(0);
    const rec = JSON.parse(r.stdout);
    expect(rec.name).toBe('yizhan._domainkey.example.gov.cn');
    expect(rec.txt).toMatch(/^v=DKIM1; k=rsa; p=[A-Za-z0-9+/=]{300,}$/);
  });
});
