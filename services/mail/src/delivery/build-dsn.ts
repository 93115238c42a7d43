/**
 * A bounce as a delivery status notification (RFC 3464): multipart/report with a Chinese
 * explanation, the machine-readable message/delivery-status part, and the original's headers.
 */
import crypto from 'node:crypto';

export interface DsnOptions {
  hostname: string;
  domain: string;
  to: string;
  original: Buffer;
  failures: Array<{ recipient: string; status: string; diagnostic: string }>;
  arrivalDate?: Date;
}

function encodeWord(s: string): string {
  return `=?UTF-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`;
}

function base64Lines(s: string): string {
  return (
    Buffer.from(s, 'utf8')
      .toString('base64')
      .match(/.{1,76}/g)
      ?.join('\r\n') ?? ''
  );
}

function headerBlock(raw: Buffer): string {
  let end = raw.indexOf('\r\n\r\n');
  if (end < 0) end = raw.indexOf('\n\n');
  if (end < 0) end = Math.min(raw.length, 64 * 1024);
  // Only 7-bit text may go into the text/rfc822-headers part unencoded.
  return raw
    .subarray(0, end)
    .toString('latin1')
    // eslint-disable-next-line no-control-regex -- keeping TAB/CR/LF is the point
    .replace(/[^\x09\x0a\x0d\x20-\x7e]/g, '?')
    .replace(/\r?\n/g, '\r\n');
}

function originalSubject(raw: Buffer): string {
  const m = /^Subject:[ \t]*(.*(?:\r?\n[ \t].*)*)/im.exec(headerBlock(raw));
  return m ? m[1].replace(/\r?\n[ \t]/g, ' ').trim() : '';
}

export function buildDsn(o: DsnOptions): Buffer {
  const boundary = `dsn-${crypto.randomBytes(12).toString('hex')}`;
  const now = new Date();
  const list = o.failures.map((f) => `  ${f.recipient}：${f.diagnostic}`).join('\r\n');
  const explanation = `您发送的邮件未能投递给以下收件人：\r\n\r\n${list}\r\n\r\n这是${o.hostname}自动生成的退信通知，请勿回复。\r\n`;
  const status = [
    `Reporting-MTA: dns; ${o.hostname}`,
    `Arrival-Date: ${(o.arrivalDate ?? now).toUTCString()}`,
    '',
    ...o.failures.flatMap((f) => [`Final-Recipient: rfc822; ${f.recipient}`, 'Action: failed', `Status: ${f.status}`, `Diagnostic-Code: smtp; ${f.diagnostic.replace(/[^\x20-\x7e]/g, '')}`, '']),
  ].join('\r\n');
  const subject = originalSubject(o.original);
  const lines = [
    `From: ${encodeWord('邮件系统')} <mailer-daemon@${o.domain}>`,
    `To: <${o.to}>`,
    `Subject: ${encodeWord('退信通知：邮件未能投递')}${subject ? ` (${subject.slice(0, 200)})` : ''}`,
    `Date: ${now.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${crypto.randomUUID()}@${o.hostname}>`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(explanation),
    `--${boundary}`,
    'Content-Type: message/delivery-status',
    '',
    status,
    `--${boundary}`,
    'Content-Type: text/rfc822-headers',
    '',
    headerBlock(o.original),
    '',
    `--${boundary}--`,
    '',
  ];
  return Buffer.from(lines.join('\r\n'), 'utf8');
}
