/**
 * Pagination of a vertical flow of items (lines, table rows, the signature block). Items that
 * must stay with the previous one (a heading's next line, the 署名/日期/印章 block after the last
 * line of 正文) pull that one onto the next page with them, so no page carries only a heading or
 * only the seal and date.
 */
import type { Cmd } from './display-list';

export interface FlowItem {
  height: number;
  /** Vertical space only: dropped at the top of a page. */
  blank?: boolean;
  /** Must share a page with the previous non-blank item. */
  keepWithPrev?: boolean;
  /** Placed first when this item opens a page (a table's repeated header row). */
  repeatOnNewPage?: FlowItem;
  /** Drawing commands for the item with its top edge at `top`. */
  draw: (top: number) => Cmd[];
  /** Marks items the renderer needs to find after pagination (the signature block). */
  tag?: string;
}

export interface PlacedItem {
  item: FlowItem;
  top: number;
}

export interface FlowFrame {
  /** Top of the flow on the first page (below the 版头) and on the following pages. */
  firstTop: number;
  top: number;
  bottom: number;
}

const EPSILON = 0.01;

interface Entry extends PlacedItem {
  /** Index in the item list; -1 for a repeated table header. */
  index: number;
}

const isContent = (e: Entry) => e.index >= 0 && !e.item.blank;

export function paginate(items: FlowItem[], frame: FlowFrame): PlacedItem[][] {
  const pages: Entry[][] = [[]];
  let y = frame.firstTop;
  let i = 0;

  while (i < items.length) {
    const item = items[i];
    const page = pages[pages.length - 1];
    const hasContent = page.some(isContent);
    const fits = y - item.height >= frame.bottom - EPSILON;
    if (item.blank && (!hasContent || !fits)) {
      // No blank space at the top of a page; one that does not fit ends the page, which the next
      // item finds out itself (so an item kept with the text before the blank still pulls it along).
      i++;
      continue;
    }
    if (fits || !hasContent) {
      page.push({ index: i, item, top: y });
      y -= item.height;
      i++;
      continue;
    }
    // Break before item i — or earlier, when it is kept with the content before it.
    let cut = page.length;
    for (let k = i; items[k].keepWithPrev;) {
      const prev = findLast(page, cut, isContent);
      if (prev === undefined || prev === page.findIndex(isContent)) break;
      cut = prev;
      k = page[prev].index;
    }
    const next = cut < page.length ? page[cut].index : i;
    page.splice(cut);
    const fresh: Entry[] = [];
    pages.push(fresh);
    y = frame.top;
    const opener = items[next].repeatOnNewPage;
    if (opener) {
      fresh.push({ index: -1, item: opener, top: y });
      y -= opener.height;
    }
    i = next;
  }
  return pages.map((page) => page.map(({ item, top }) => ({ item, top })));
}

function findLast(page: Entry[], before: number, test: (e: Entry) => boolean): number | undefined {
  for (let j = before - 1; j >= 0; j--) if (test(page[j])) return j;
  return undefined;
}
