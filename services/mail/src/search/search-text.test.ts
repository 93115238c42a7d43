import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase, type Database } from '@yizhan/core';
import { MAIL_MIGRATIONS } from '../db/migrations';
import { mailDb, type MailKysely } from '../db/tables';
import { parseMessage, searchTextOf } from '../delivery/parse-message';
import { storeMessages } from '../delivery/store-message';
import { indexRow, indexSourceColumns, searchTextSql, type IndexSourceRow } from './search-indexer';

// The search text is not stored with the message: the indexer derives it from the stored columns
// (indexRow) and search checks not-yet-indexed messages with the same text computed in SQL.
describe('search text derived from the stored message', () => {
  let database: Database;
  let db: MailKysely;
  beforeAll(async () => {
    database = await openDatabase({ kind: 'memory' }, undefined, MAIL_MIGRATIONS);
    await database.migrate();
    db = mailDb(database.db);
  }, 60_000);
  afterAll(async () => database?.close());

  it('is the text the parsed message gives, in the indexer and in SQL', async () => {
    const raw = Buffer.from(
      [
        'From: =?UTF-8?B?5aSW55yB5Yqe5YWs5Y6F?= <Office@Outside.example.org>',
        'To: 孙华 <sunhua@fgw.example.gov.cn>, li@fgw.example.gov.cn',
        'Cc: 王芳 <wangfang@fgw.example.gov.cn>',
        'Subject: 关于ＡＢＣ项目　资料的函',
        'Message-ID: <derive-1@outside.example.org>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain; charset=utf-8',
        '',
        '请协助核查附表中的 Project-X 资料，并于十日内函复。',
        '--b1',
        'Content-Type: application/pdf; name="=?UTF-8?B?6aG555uu5riF5Y2VLnBkZg==?="',
        'Content-Disposition: attachment; filename="=?UTF-8?B?6aG555uu5riF5Y2VLnBkZg==?="',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from('%PDF-1.4 test').toString('base64'),
        '--b1--',
        '',
      ].join('\r\n'),
    );
    const p = await parseMessage(raw, 'mail.example.gov.cn');
    const [stored] = await storeMessages(db, [
      {
        rawSha256: 'ab'.repeat(32),
        rawSize: raw.length,
        messageId: p.messageId,
        inReplyTo: null,
        references: [],
        subject: p.subject,
        from: p.from,
        to: p.to,
        cc: p.cc,
        replyTo: p.replyTo,
        sentAt: p.date,
        text: p.text,
        html: p.html,
        snippet: '',
        attachments: p.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.content.length, sha256: 'cd'.repeat(32), contentId: a.contentId, inline: a.inline })),
        envelopeFrom: p.from.address,
        source: 'mx',
        inbox: [],
        remote: [],
      },
    ]);
    const expected = searchTextOf(p);
    expect(expected).toContain('项目清单.pdf');
    expect(expected).toContain('关于abc项目 资料的函');

    const row = (await sql<IndexSourceRow>`SELECT ${indexSourceColumns} FROM mail_messages m WHERE m.id = ${stored.messageUuid}`.execute(db)).rows[0];
    expect(indexRow(row).search_text).toBe(expected);

    const terms = ['abc项目', '资料的函', '外省办公厅', 'office@outside', '孙华', 'li@fgw', '王芳', '项目清单', 'project-x', '十日内函复', '不存在的词', 'zzz'];
    const inSql = await sql<Record<string, boolean>>`SELECT ${sql.join(terms.map((t, i) => sql`strpos(${searchTextSql}, ${t}) > 0 AS ${sql.ref(`t${i}`)}`))} FROM mail_messages m WHERE m.id = ${stored.messageUuid}`.execute(db);
    expect(terms.map((_, i) => inSql.rows[0][`t${i}`])).toEqual(terms.map((t) => expected.includes(t)));
    expect(terms.filter((t) => expected.includes(t)).length).toBe(10);
  }, 60_000);
});
