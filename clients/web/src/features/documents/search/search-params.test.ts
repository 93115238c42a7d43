import { describe, expect, it } from 'vitest';
import { hasMessage } from '../../../app/i18n/translate';
import { searchParamsFromUrl, searchParamsToUrl, statusLabelKey } from './search-params';

describe('search params in the address bar', () => {
  it('round-trips a search', () => {
    const p = { q: '数字政府', docNumber: '示政〔2026〕', agency: 'fgw', from: '2026-01-01', to: '2026-03-31', direction: 'sent' as const };
    expect(searchParamsFromUrl(searchParamsToUrl(p))).toEqual(p);
  });

  it('drops bad dates and directions, and empty values', () => {
    const url = new URLSearchParams('q=%20&from=2026-1-1&to=2026-02-30x&direction=sideways');
    expect(searchParamsFromUrl(url)).toEqual({ q: undefined, docNumber: undefined, agency: undefined, from: undefined, to: undefined, direction: 'all' });
    expect(searchParamsToUrl({ direction: 'all' }).toString()).toBe('direction=all');
  });

  it('labels document and delivery statuses', () => {
    for (const s of ['dispatched', 'delivered', 'signed', 'returned', 'pending', 'weird']) expect(hasMessage(statusLabelKey(s))).toBe(true);
    expect(statusLabelKey('signed')).toBe('delivery.status.signed');
  });
});
