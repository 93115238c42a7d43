import { describe, expect, it } from 'vitest';
import { formatBytes, forwardSubject, quotedBody, replyRecipients, replySubject } from './format';
import { dictionaries } from './mail-text';

describe('web mail helpers', () => {
  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(25 * 1024 * 1024)).toBe('25.0 MB');
    expect(formatBytes(2 * 1024 ** 3)).toBe('2 GB');
  });

  it('prefixes subjects once', () => {
    expect(replySubject('通知')).toBe('回复：通知');
    expect(replySubject('回复：Re: 通知')).toBe('回复：通知');
    expect(forwardSubject('Fwd: 转发：通知')).toBe('转发：通知');
  });

  it('replies to the sender, reply-all to everyone but me', () => {
    const m = { from: { address: 'a@x.cn', name: 'A' }, to: [{ address: 'me@x.cn', name: '' }, { address: 'b@x.cn', name: '' }], cc: [{ address: 'c@x.cn', name: '' }], replyTo: [] };
    expect(replyRecipients(m, ['me@x.cn'], false)).toEqual({ to: ['a@x.cn'], cc: [] });
    expect(replyRecipients(m, ['me@x.cn'], true)).toEqual({ to: ['a@x.cn'], cc: ['b@x.cn', 'c@x.cn'] });
    const mine = { ...m, from: { address: 'me@x.cn', name: '' } };
    expect(replyRecipients(mine, ['me@x.cn'], false).to).toEqual(['b@x.cn']);
  });

  it('quotes a text message safely', () => {
    const html = quotedBody({ html: null, text: '<b>不是标签</b>\n第二行' } as never, '某人写道：');
    expect(html).toContain('&lt;b&gt;不是标签&lt;/b&gt;<br>第二行');
  });

  it('has every string in both languages', () => {
    expect(Object.keys(dictionaries.en).sort()).toEqual(Object.keys(dictionaries.zh).sort());
  });
});
