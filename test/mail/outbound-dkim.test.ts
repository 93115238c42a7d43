// Mail out: a reply written in the web mail leaves through the durable outbound queue to another
// SMTP server (the configured smarthost), DKIM-signed for the city's domain — mailauth verifies the
// signature against the TXT record `yizhan mail dkim` publishes. Permanent refusals and
// temporary failures that outlast the retry schedule come back to the sender as DSN bounces.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { simpleParser } from 'mailparser';
import { authenticate, dkimVerify } from 'mailauth';
import { mailDb } from '@yizhan/mail/db/tables';
import { ApiClient } from '../support/temp-server';
import { waitFor } from '../support/wait-for';
import { yizhan } from '../support/yizhan-cli';
import { addressOf, PASSWORD, startMailServer, type MailTestServer } from './support/mail-server';
import { startRemoteMx, type RemoteMx } from './support/remote-mx';

let remote: RemoteMx;
let server: MailTestServer;
let dkimTxt: string;

/** DNS as the world would see it once the operator published the record. */
const dns = async (name: string, rr: string) => {
  if (rr === 'TXT' && name === 'yizhan._domainkey.example.gov.cn') return [[dkimTxt]];
  throw Object.assign(new Error(`no ${rr} for ${name}`), { code: 'ENOTFOUND' });
};

beforeAll(async () => {
  remote = await startRemoteMx();
  server = await startMailServer({
    env: { YIZHAN_SMTP_RELAY: `127.0.0.1:${remote.port}` },
    mail: { settings: { retryScheduleMinutes: [0.01, 0.01], outboundPollMs: 200 } },
  });
  const r = await yizhan(['mail', 'dkim', '--json'], { env: server.env });
  expect(r.code, r.stderr).toBe(0);
  dkimTxt = JSON.parse(r.stdout).txt;
});
afterAll(async () => {
  await server?.dispose();
  await remote?.close();
});

async function login(username: string) {
  const api = new ApiClient(server.url);
  expect((await api.login(username, PASSWORD)).status).toBe(200);
  return api;
}

const fromOutside = (opts: SendMailOptions) =>
  nodemailer.createTransport({ host: '127.0.0.1', port: server.mail.ports.mx, secure: false, tls: { rejectUnauthorized: false } }).sendMail(opts);

async function findInbox(api: ApiClient, subject: string) {
  const own = (await api.get('/api/mail/mailboxes')).body.mailboxes[0];
  const inbox = own.folders.find((f: { role: string }) => f.role === 'inbox');
  return waitFor(async () => ((await api.get(`/api/mail/mailboxes/${own.id}/folders/${inbox.id}/threads`)).body.threads as Array<{ id: string; subject: string }>).find((t) => t.subject === subject), 10_000, subject);
}

describe('outbound', () => {
  it('relays a web-mail reply to the remote server with a DKIM signature mailauth verifies', async () => {
    await fromOutside({ from: '王处长 <wang@partner.example.org>', to: addressOf('linweidong', 'fgw'), subject: '商请提供项目清单', text: '请提供2026年重点项目清单。', messageId: '<ask-1@partner.example.org>' });
    const api = await login('linweidong');
    const original = await findInbox(api, '商请提供项目清单');

    const sent = await api.post('/api/mail/send', {
      to: ['wang@partner.example.org'],
      subject: '回复：商请提供项目清单',
      html: '<p>王处长：</p><p>清单见附件说明，<b>请查收</b>。</p>',
      inReplyTo: original.id,
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body).toMatchObject({ delivered: 0, queued: 1 });

    const got = await waitFor(async () => remote.received.find((m) => m.raw.toString().includes(sent.body.messageId)), 15_000, 'relayed reply');
    expect(got.from).toBe(addressOf('linweidong', 'fgw'));
    expect(got.to).toEqual(['wang@partner.example.org']);

    const verified = await dkimVerify(got.raw, { resolver: dns });
    expect(verified.results).toHaveLength(1);
    expect(verified.results[0]).toMatchObject({ signingDomain: 'example.gov.cn', selector: 'yizhan', status: { result: 'pass' } });
    const auth = await authenticate(got.raw, { ip: '127.0.0.1', helo: 'mail.example.gov.cn', sender: got.from, resolver: dns, disableArc: true, disableBimi: true });
    expect(auth.dkim.results[0].status.result).toBe('pass');
    // A changed body no longer verifies.
    const tampered = Buffer.concat([got.raw, Buffer.from('appended after signing\r\n')]);
    const broken = (await dkimVerify(tampered, { resolver: dns })).results[0];
    expect(broken.status.result).not.toBe('pass');
    expect(broken.info).toMatch(/body hash did not verify/);

    const parsed = await simpleParser(got.raw);
    expect(parsed.subject).toBe('回复：商请提供项目清单');
    expect(parsed.inReplyTo).toBe('<ask-1@partner.example.org>');
    expect(parsed.from?.value[0]).toEqual({ address: addressOf('linweidong', 'fgw'), name: '林伟东' });
    expect(parsed.html).toContain('<b>请查收</b>');

    // The original is marked 已回复 and the reply sits in the same conversation in 已发送.
    const thread = (await api.get(`/api/mail/entries/${original.id}/thread`)).body.messages;
    expect(thread.map((m: { subject: string; answered: boolean }) => [m.subject, m.answered])).toEqual([
      ['商请提供项目清单', true],
      ['回复：商请提供项目清单', false],
    ]);
    const status = await mailDb(server.platform.db).selectFrom('mail_outbound').select(['status', 'attempts']).where('recipient', '=', 'wang@partner.example.org').executeTakeFirstOrThrow();
    expect(status).toEqual({ status: 'sent', attempts: 1 });
  });

  it('bounces a permanent refusal at once and a temporary one after the retry schedule, as DSNs to the sender', async () => {
    const api = await login('sunhua');
    const res = await api.post('/api/mail/send', { to: ['reject-me@partner.example.org', 'tempfail-me@partner.example.org', 'ok@partner.example.org'], subject: '三个外部收件人', html: '<p>测试</p>' });
    expect(res.status).toBe(201);
    expect(res.body.queued).toBe(3);
    await waitFor(async () => remote.received.find((m) => m.to.includes('ok@partner.example.org')), 15_000, 'accepted recipient');
    const rows = await waitFor(async () => {
      const r = await mailDb(server.platform.db).selectFrom('mail_outbound').select(['recipient', 'status', 'attempts', 'last_error']).where('message_id', 'in', (eb) => eb.selectFrom('mail_outbound').select('message_id').where('recipient', '=', 'ok@partner.example.org')).orderBy('recipient').execute();
      return r.every((x) => x.status !== 'queued' && x.status !== 'sending') ? r : null;
    }, 20_000, 'final states');
    expect(rows.map((r) => [r.recipient, r.status])).toEqual([
      ['ok@partner.example.org', 'sent'],
      ['reject-me@partner.example.org', 'bounced'],
      ['tempfail-me@partner.example.org', 'bounced'],
    ]);
    expect(rows.find((r) => r.recipient.startsWith('tempfail'))!.attempts).toBe(3); // first try + two retries
    expect(rows.find((r) => r.recipient.startsWith('reject'))!.attempts).toBe(1);

    const own = (await api.get('/api/mail/mailboxes')).body.mailboxes[0];
    const inbox = own.folders.find((f: { role: string }) => f.role === 'inbox');
    const bounces = await waitFor(async () => {
      const t = ((await api.get(`/api/mail/mailboxes/${own.id}/folders/${inbox.id}/threads`)).body.threads as Array<{ id: string; subject: string }>).filter((x) => x.subject.startsWith('退信通知'));
      return t.length === 2 ? t : null;
    }, 10_000, 'two bounces');
    const texts = await Promise.all(bounces.map(async (b) => (await api.get(`/api/mail/entries/${b.id}`)).body.text as string));
    expect(texts.join('\n')).toContain('reject-me@partner.example.org');
    expect(texts.join('\n')).toContain('tempfail-me@partner.example.org');
    expect(texts.join('\n')).not.toContain('ok@partner.example.org：');
  });

  it('never lets a header value inject headers: CR/LF refused at the API, a hostile subject flattened in replies', async () => {
    const api = await login('sunhua');
    for (const body of [
      { to: ['ok@partner.example.org'], subject: '正常\r\nBcc: spy@evil.example.org', html: 'x' },
      { to: ['ok@partner.example.org\r\nBcc: spy@evil.example.org'], subject: 'x', html: 'x' },
    ]) {
      const r = await api.post('/api/mail/send', body);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
    }
    // An encoded subject that decodes to CR/LF + a header, received from outside, then replied to.
    const evil = `=?UTF-8?B?${Buffer.from('报价\r\nBcc: spy@evil.example.org').toString('base64')}?=`;
    await nodemailer
      .createTransport({ host: '127.0.0.1', port: server.mail.ports.mx, secure: false, tls: { rejectUnauthorized: false } })
      .sendMail({ envelope: { from: 'x@partner.example.org', to: [addressOf('sunhua', 'fgw')] }, raw: `From: x@partner.example.org\r\nTo: ${addressOf('sunhua', 'fgw')}\r\nSubject: ${evil}\r\nMessage-ID: <evil-1@partner.example.org>\r\n\r\nhello\r\n` });
    const original = await findInbox(api, '报价 Bcc: spy@evil.example.org');
    const detail = (await api.get(`/api/mail/entries/${original.id}`)).body;
    const reply = await api.post('/api/mail/send', { to: ['x@partner.example.org'], subject: `回复：${detail.subject}`, html: '<p>收到</p>', inReplyTo: original.id });
    expect(reply.status).toBe(201);
    const got = await waitFor(async () => remote.received.find((m) => m.raw.toString().includes(reply.body.messageId)), 15_000, 'reply');
    expect(got.to).toEqual(['x@partner.example.org']);
    const headerBlock = got.raw.toString('latin1').split('\r\n\r\n')[0];
    expect(headerBlock).not.toMatch(/^Bcc:/im);
    expect(remote.received.some((m) => m.to.includes('spy@evil.example.org'))).toBe(false);
  });
});
