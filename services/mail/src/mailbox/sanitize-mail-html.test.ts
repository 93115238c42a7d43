import { describe, expect, it } from 'vitest';
import { sanitizeMailHtml } from './sanitize-mail-html';

const clean = (html: string, allowRemoteImages = false) => sanitizeMailHtml(html, { cidUrl: (cid) => (cid === 'logo@x' ? '/api/mail/entries/e/attachments/1' : null), allowRemoteImages });

describe('HTML mail sanitising', () => {
  it('removes scripts, handlers, frames, forms and javascript: links', () => {
    const { html } = clean('<div onmouseover="x()"><script>alert(1)</script><iframe src="//e"></iframe><form><input></form><a href="javascript:alert(1)">a</a><svg onload="x()"></svg>正文</div>');
    for (const bad of ['script', 'onmouseover', 'iframe', '<form', '<input', 'javascript:', '<svg', 'onload']) expect(html).not.toContain(bad);
    expect(html).toContain('正文');
  });

  it('keeps formatting, strips styles that fetch', () => {
    const { html } = clean('<p style="color:red;background-image:url(https://t/x.png);font-size:16px">红字</p><table border="1"><tr><td colspan="2">表格</td></tr></table>');
    expect(html).toContain('color:red');
    expect(html).toContain('font-size:16px');
    expect(html).not.toContain('url(');
    expect(html).toContain('colspan="2"');
  });

  it('blocks remote images unless allowed, maps cid: images to the message part', () => {
    const src = '<img src="https://tracker.example.org/p.gif" alt="图"><img src="cid:logo@x"><img src="cid:missing">';
    const blocked = clean(src);
    expect(blocked.blockedImages).toBe(1);
    expect(blocked.html).not.toContain('tracker.example.org');
    expect(blocked.html).toContain('src="/api/mail/entries/e/attachments/1"');
    const shown = clean(src, true);
    expect(shown.blockedImages).toBe(0);
    expect(shown.html).toContain('https://tracker.example.org/p.gif');
  });

  it('opens links in a new tab without referrer', () => {
    expect(clean('<a href="https://www.gov.cn">中国政府网</a>').html).toBe('<a href="https://www.gov.cn" target="_blank" rel="noopener noreferrer nofollow">中国政府网</a>');
  });
});
