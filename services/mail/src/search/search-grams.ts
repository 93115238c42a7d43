/**
 * Full-text keys for Chinese without a word segmenter: every CJK character and every pair of
 * neighbouring CJK characters (bigrams), and for Latin words and numbers their 3-grams (or the
 * word itself when shorter). A query matches when the message has all of the query's keys; a
 * substring check on the normalised text then removes the rare false hit (keys are 32-bit hashes,
 * and bigrams can occur apart). Keys are stored as int4 in a GIN index: smaller and faster than
 * a tsvector of the same grams on both PGlite and PostgreSQL.
 */

/** How much normalised text of one message is indexed and kept for the substring check. */
export const MAX_SEARCH_TEXT = 30_000;

/** NFKC (full-width → half-width), lower case, whitespace runs → one space. */
export function normaliseSearchText(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]|[\ud840-\ud87f][\udc00-\udfff]/;
const WORD = /[\p{L}\p{N}]/u;

function hash(kind: string, token: string): number {
  // FNV-1a over the kind tag and the UTF-16 units, as a signed 32-bit integer (PostgreSQL int4).
  let h = 0x811c9dc5;
  const s = kind + token;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

type Run = { cjk: boolean; chars: string[] };

/** Splits normalised text into runs of CJK characters and runs of other letters/digits. */
function runs(text: string): Run[] {
  const out: Run[] = [];
  let current: Run | null = null;
  for (const ch of text) {
    const cjk = CJK.test(ch);
    const word = !cjk && WORD.test(ch);
    if (!cjk && !word) {
      current = null;
      continue;
    }
    if (!current || current.cjk !== cjk) {
      current = { cjk, chars: [] };
      out.push(current);
    }
    current.chars.push(ch);
  }
  return out;
}

function addWordGrams(chars: string[], into: Set<number>): void {
  if (chars.length <= 2) {
    into.add(hash('w', chars.join('')));
    return;
  }
  for (let i = 0; i + 3 <= chars.length; i++) into.add(hash('t', chars[i] + chars[i + 1] + chars[i + 2]));
}

/** Keys of a message's normalised search text. */
export function documentGrams(normalised: string): number[] {
  const keys = new Set<number>();
  for (const run of runs(normalised.slice(0, MAX_SEARCH_TEXT))) {
    if (!run.cjk) {
      addWordGrams(run.chars, keys);
      // Short words inside longer ones are not findable by 3-grams; index the word's first two
      // characters too, so a 1–2 letter query ("cn", "v2") finds words that start with it.
      if (run.chars.length > 2) keys.add(hash('w', run.chars.slice(0, 2).join('')));
      if (run.chars.length > 1) keys.add(hash('w', run.chars[0]));
      continue;
    }
    const c = run.chars;
    for (let i = 0; i < c.length; i++) {
      keys.add(hash('u', c[i]));
      if (i + 1 < c.length) keys.add(hash('b', c[i] + c[i + 1]));
    }
  }
  return [...keys];
}

export interface SearchQuery {
  /** Normalised terms; each must occur in the text (AND). */
  terms: string[];
  /** Index keys every matching message has. */
  grams: number[];
}

/** The query's terms (split on spaces) and the keys a match must contain. */
export function queryGrams(q: string): SearchQuery {
  const terms = [...new Set(normaliseSearchText(q).split(' ').filter(Boolean))];
  const keys = new Set<number>();
  for (const term of terms) {
    for (const run of runs(term)) {
      if (!run.cjk) {
        if (run.chars.length <= 2) keys.add(hash('w', run.chars.join('')));
        else addWordGrams(run.chars, keys);
        continue;
      }
      const c = run.chars;
      if (c.length === 1) keys.add(hash('u', c[0]));
      for (let i = 0; i + 1 < c.length; i++) keys.add(hash('b', c[i] + c[i + 1]));
    }
  }
  return { terms, grams: [...keys] };
}
