/**
 * The audit log pages by cursor (?before=seq, newest first): page n starts below the last seq of
 * page n-1. `cursors[i]` is the `before` for page i (undefined for the newest page).
 */
export interface AuditPaging {
  cursors: Array<number | undefined>;
  index: number;
}

export const firstPage = (): AuditPaging => ({ cursors: [undefined], index: 0 });

export function nextPage(p: AuditPaging, lastSeqOnPage: number | undefined): AuditPaging {
  if (lastSeqOnPage === undefined) return p;
  const cursors = p.cursors.slice(0, p.index + 1);
  cursors.push(lastSeqOnPage);
  return { cursors, index: p.index + 1 };
}

export function prevPage(p: AuditPaging): AuditPaging {
  return p.index === 0 ? p : { cursors: p.cursors, index: p.index - 1 };
}

export const currentCursor = (p: AuditPaging) => p.cursors[p.index];

/** A full page may have more after it; a short one is the end. */
export const mayHaveMore = (count: number, limit: number) => count >= limit;
