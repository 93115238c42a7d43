import { describe, expect, it } from 'vitest';
import { paginate, type FlowItem } from './flow';

const line = (name: string, extra: Partial<FlowItem> = {}): FlowItem & { name: string } => ({ name, height: 10, draw: () => [], ...extra });
const names = (pages: ReturnType<typeof paginate>) => pages.map((p) => p.map((x) => (x.item as FlowItem & { name?: string }).name ?? 'blank'));
const frame = { firstTop: 100, top: 100, bottom: 60 }; // four lines a page

describe('paginate', () => {
  it('fills pages top to bottom', () => {
    const pages = paginate(
      ['a', 'b', 'c', 'd', 'e'].map((n) => line(n)),
      frame,
    );
    expect(names(pages)).toEqual([['a', 'b', 'c', 'd'], ['e']]);
    expect(pages[0].map((p) => p.top)).toEqual([100, 90, 80, 70]);
  });

  it('moves the previous line along with an item kept with it', () => {
    const items = [line('a'), line('b'), line('c'), line('sig', { height: 20, keepWithPrev: true })];
    expect(names(paginate(items, frame))).toEqual([
      ['a', 'b'],
      ['c', 'sig'],
    ]);
  });

  it('follows a chain of kept items and skips blank space, but leaves content on the page', () => {
    const items = [line('a'), line('b'), { ...line('gap'), blank: true }, line('att', { keepWithPrev: true }), line('sig', { keepWithPrev: true })];
    const pages = names(paginate(items, frame));
    expect(pages).toEqual([['a'], ['b', 'gap', 'att', 'sig']]);
  });

  it('drops blank space at the top of a page', () => {
    const items = [line('a'), line('b'), line('c'), line('d'), { ...line('gap'), blank: true }, line('e')];
    expect(names(paginate(items, frame))).toEqual([['a', 'b', 'c', 'd'], ['e']]);
  });

  it('repeats a table header on the next page', () => {
    const header = line('head');
    const rows = [1, 2, 3, 4].map((n) => line(`row${n}`, { repeatOnNewPage: header }));
    expect(names(paginate([header, ...rows], frame))).toEqual([
      ['head', 'row1', 'row2', 'row3'],
      ['head', 'row4'],
    ]);
  });

  it('places an item taller than a page rather than loop', () => {
    expect(names(paginate([line('a'), line('huge', { height: 80 })], frame))).toEqual([['a'], ['huge']]);
  });
});

describe('paginate with blank space at the break', () => {
  it('still pulls the text before a blank line along with the kept items after it', () => {
    const items = [line('a'), line('b'), line('c'), line('d'), { ...line('gap'), blank: true }, line('att', { keepWithPrev: true })];
    expect(names(paginate(items, frame))).toEqual([
      ['a', 'b', 'c'],
      ['d', 'gap', 'att'],
    ]);
  });
});
