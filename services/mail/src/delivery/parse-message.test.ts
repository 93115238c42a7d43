import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { decodeEightBitHeaders, htmlToText, oneLine, parseMessage } from './parse-message';
import { buildDsn } from './build-dsn';

describe('parsing mail', () => {
  it('decodes raw 8-bit GBK headers and a GB2312 body', async () => {
    const raw = Buffer.concat([Buffer.from('Subject: '), iconv.encode('八位编码的主题', 'gbk'), Buffer.from('\r\nFrom: a@b.cn\r\nContent-Type: text/plain; charset=gb2312\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'), iconv.encode('正文内容', 'gb2312')]);
    expect(decodeEightBitHeaders(raw).toString('utf8')).toContain('八位编码的主题');
    const p = await parseMessage(raw, 'mail.example.gov.cn');
    expect(p.subject).toBe('八位编码的主题');
    expect(p.text.trim()).toBe('正文内容');
    expect(p.messageId).toMatch(/^<[0-9a-f-]+@mail\.example\.gov\.cn>$/);
  });

  it('leaves UTF-8 headers (RFC 6532) alone', () => {
    const raw = Buffer.from('Subject: 中文主题\r\n\r\nbody');
    expect(decodeEightBitHeaders(raw)).toBe(raw);
  });

  it('flattens header values to one line', () => {
    expect(oneLine('a\r\nBcc: x@y\t b')).toBe('a Bcc: x@y b');
  });

  it('turns HTML into readable text', () => {
    expect(htmlToText('<style>p{}</style><p>第一段</p><p>第二&amp;段&#x4e09;</p>')).toBe('第一段\n第二&段三');
  });

  it('builds a DSN that mail parsers read', async () => {
    const dsn = buildDsn({ hostname: 'mail.example.gov.cn', domain: 'example.gov.cn', to: 'a@fgw.example.gov.cn', original: Buffer.from('Subject: =?UTF-8?B?6YCa55+l?=\r\nFrom: a@fgw.example.gov.cn\r\n\r\nx'), failures: [{ recipient: 'x@remote.org', status: '5.1.1', diagnostic: '550 5.1.1 no such user' }] });
    const p = await parseMessage(dsn, 'mail.example.gov.cn');
    expect(p.subject).toContain('退信通知');
    expect(p.text).toContain('x@remote.org');
    expect(p.from.address).toBe('mailer-daemon@example.gov.cn');
    expect(dsn.toString()).toMatch(/Content-Type: message\/delivery-status[\s\S]*Status: 5\.1\.1/);
  });
});
