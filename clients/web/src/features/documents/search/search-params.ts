/** 公文检索's query in the address bar, so a search can be reloaded, shared and gone back to. */
import type { MessageKey } from '../../../app/i18n/translate';
import type { Direction, SearchParams } from '../api';

const DIRECTIONS: Direction[] = ['all', 'sent', 'received'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function searchParamsFromUrl(url: URLSearchParams): SearchParams {
  const text = (k: string) => url.get(k)?.trim() || undefined;
  const date = (k: string) => {
    const v = text(k);
    return v && DATE.test(v) ? v : undefined;
  };
  const direction = url.get('direction') as Direction | null;
  return {
    q: text('q'),
    docNumber: text('docNumber'),
    agency: text('agency'),
    from: date('from'),
    to: date('to'),
    direction: direction && DIRECTIONS.includes(direction) ? direction : 'all',
  };
}

export function searchParamsToUrl(p: SearchParams): URLSearchParams {
  const url = new URLSearchParams();
  for (const key of ['q', 'docNumber', 'agency', 'from', 'to'] as const) {
    const v = p[key];
    if (v) url.set(key, v);
  }
  url.set('direction', p.direction);
  return url;
}

/** A hit's status: a document's (dispatched) or a delivery's (delivered, signed, returned). */
export function statusLabelKey(status: string): MessageKey {
  switch (status) {
    case 'dispatched':
      return 'doc.status.dispatched';
    case 'delivered':
    case 'signed':
    case 'returned':
    case 'pending':
      return `delivery.status.${status}`;
    default:
      return 'search.status.other';
  }
}
