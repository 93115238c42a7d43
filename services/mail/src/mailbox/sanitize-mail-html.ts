/**
 * HTML mail made safe to show: no scripts, event handlers, forms, frames or styles that fetch
 * anything; links open in a new tab; cid: images point at the message's own parts; remote images
 * are removed unless the reader asked for them (显示外部图片) — they can track who read a mail.
 */
import sanitizeHtml from 'sanitize-html';

export interface SanitizeOptions {
  /** Content-ID (without brackets) → URL of that part. */
  cidUrl(cid: string): string | null;
  allowRemoteImages: boolean;
}

const SAFE_VALUE = /^(?!.*(url\s*\(|expression\s*\(|javascript:|@import))[^<>]*$/i;
const STYLE_PROPERTIES = [
  'color',
  'background-color',
  'font-size',
  'font-weight',
  'font-style',
  'font-family',
  'text-align',
  'text-decoration',
  'text-indent',
  'line-height',
  'letter-spacing',
  'vertical-align',
  'white-space',
  'width',
  'max-width',
  'min-width',
  'height',
  'margin',
  'margin-top',
  'margin-bottom',
  'margin-left',
  'margin-right',
  'padding',
  'padding-top',
  'padding-bottom',
  'padding-left',
  'padding-right',
  'border',
  'border-top',
  'border-bottom',
  'border-left',
  'border-right',
  'border-color',
  'border-width',
  'border-style',
  'border-collapse',
  'border-spacing',
  'display',
];

export function sanitizeMailHtml(html: string, o: SanitizeOptions): { html: string; blockedImages: number } {
  let blockedImages = 0;
  const clean = sanitizeHtml(html, {
    allowedTags: [
      ...sanitizeHtml.defaults.allowedTags.filter((t) => t !== 'style'),
      'img',
      'font',
      'center',
      'span',
      'div',
      'u',
      's',
      'del',
      'ins',
      'sub',
      'sup',
      'colgroup',
      'col',
    ],
    allowedAttributes: {
      '*': ['style', 'align', 'valign', 'dir', 'title', 'lang'],
      a: ['href', 'name', 'target', 'rel'],
      img: ['src', 'alt', 'width', 'height'],
      font: ['color', 'size', 'face'],
      table: ['width', 'border', 'cellpadding', 'cellspacing', 'bgcolor'],
      td: ['width', 'height', 'colspan', 'rowspan', 'bgcolor', 'nowrap'],
      th: ['width', 'height', 'colspan', 'rowspan', 'bgcolor'],
      col: ['width', 'span'],
      ol: ['start', 'type'],
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: ['http', 'https', 'data'] },
    allowedSchemesAppliedToAttributes: ['href', 'src'],
    allowProtocolRelative: false,
    allowedStyles: { '*': Object.fromEntries(STYLE_PROPERTIES.map((p) => [p, [SAFE_VALUE]])) },
    transformTags: {
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, target: '_blank', rel: 'noopener noreferrer nofollow' } }),
      img: (tagName, attribs): sanitizeHtml.Tag => {
        const src = (attribs.src ?? '').trim();
        if (/^cid:/i.test(src)) {
          const url = o.cidUrl(decodeURIComponent(src.slice(4)).replace(/^<|>$/g, ''));
          return url ? { tagName, attribs: { ...attribs, src: url } } : { tagName: 'span', attribs: {}, text: attribs.alt ?? '' };
        }
        if (/^https?:/i.test(src) || src.startsWith('//')) {
          if (o.allowRemoteImages && !src.startsWith('//')) return { tagName, attribs };
          blockedImages++;
          return { tagName: 'span', attribs: { style: 'display:inline-block;border:1px dashed #bbb;color:#999;padding:2px 6px' }, text: attribs.alt ? `[${attribs.alt}]` : '[外部图片]' };
        }
        if (/^data:image\/(png|jpe?g|gif|webp);/i.test(src)) return { tagName, attribs };
        return { tagName: 'span', attribs: {}, text: attribs.alt ?? '' };
      },
    },
  });
  return { html: clean, blockedImages };
}
