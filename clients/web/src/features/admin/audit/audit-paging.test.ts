import { describe, expect, it } from 'vitest';
import { currentCursor, firstPage, mayHaveMore, nextPage, prevPage } from './audit-paging';

describe('audit paging', () => {
  it('walks older with the last seq as cursor and back again', () => {
    let p = firstPage();
    expect(currentCursor(p)).toBeUndefined();
    p = nextPage(p, 951);
    expect(currentCursor(p)).toBe(951);
    p = nextPage(p, 901);
    expect(currentCursor(p)).toBe(901);
    p = prevPage(p);
    expect(currentCursor(p)).toBe(951);
    p = prevPage(prevPage(p));
    expect(currentCursor(p)).toBeUndefined();
  });

  it('forgets the pages ahead when paging on from an earlier one', () => {
    let p = nextPage(nextPage(firstPage(), 100), 50);
    p = prevPage(p);
    p = nextPage(p, 60);
    expect(p.cursors).toEqual([undefined, 100, 60]);
  });

  it('stays put on an empty page', () => {
    const p = firstPage();
    expect(nextPage(p, undefined)).toBe(p);
    expect(mayHaveMore(50, 50)).toBe(true);
    expect(mayHaveMore(12, 50)).toBe(false);
  });
});
