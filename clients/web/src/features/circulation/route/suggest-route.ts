import type { Person } from '@yizhan/protocol';

export interface DraftStep {
  key: string;
  readers: string[];
  /** ISO time or null. */
  deadline: string | null;
}

let n = 0;
export const newStep = (readers: string[] = []): DraftStep => ({ key: `s${++n}`, readers, deadline: null });

/** Head first, then the executive deputy, the deputies, and the secretary-general last. */
export function rankOfTitle(title: string): number {
  if (title.includes('秘书长')) return 3;
  if (title.includes('常务副')) return 1;
  if (title.includes('副')) return 2;
  return 0;
}

/**
 * The usual route of a leading body: its leaders by rank (书记, 副书记…, 秘书长), leaders with the
 * same title reading in parallel — 书记 → {副书记, 副书记} → 秘书长.
 */
export function suggestRoute(people: readonly Person[]): DraftStep[] {
  const byTitle = new Map<string, string[]>();
  for (const p of people) {
    if (!p.roles.includes('leader') || p.disabled) continue;
    byTitle.set(p.title, [...(byTitle.get(p.title) ?? []), p.username]);
  }
  return [...byTitle.entries()].sort((a, b) => rankOfTitle(a[0]) - rankOfTitle(b[0])).map(([, readers]) => newStep(readers));
}
