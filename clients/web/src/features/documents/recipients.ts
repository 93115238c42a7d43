/** The recipient picker's rules: who may be picked, and the quick selections of the directory tree. */
import type { Agency } from '@yizhan/protocol';

export type RecipientPreset = 'city-departments' | 'county-governments' | 'county-departments' | 'own-county-departments';

/** The city root is not an agency one writes to, and nobody sends a document to their own agency. */
export function isSelectable(agency: Pick<Agency, 'code' | 'kind'>, ownCode: string): boolean {
  return agency.kind !== 'city' && agency.code !== ownCode;
}

/** The county (县、市、区) an agency belongs to: itself for a county government, the parent for a county department. */
export function countyOf(agencies: readonly Agency[], code: string): string | null {
  const a = agencies.find((x) => x.code === code);
  if (!a) return null;
  if (a.kind === 'county') return a.code;
  if (a.kind === 'county-department') return a.parentCode;
  return null;
}

/** The presets offered to this user: 本县全部部门 only for people of a county. */
export function presetsFor(agencies: readonly Agency[], ownCode: string): RecipientPreset[] {
  const base: RecipientPreset[] = ['city-departments', 'county-governments', 'county-departments'];
  return countyOf(agencies, ownCode) ? [...base, 'own-county-departments'] : base;
}

/**
 * 全部市直部门 = every department of the four leading bodies; 全部县（市、区）政府 = every county
 * government; 各县（市、区）全部部门 = every county department; 本县全部部门 = the departments of the
 * user's own county. The user's own agency is never included.
 */
export function presetCodes(agencies: readonly Agency[], preset: RecipientPreset, ownCode: string): string[] {
  let picked: Agency[];
  switch (preset) {
    case 'city-departments':
      picked = agencies.filter((a) => a.kind === 'department');
      break;
    case 'county-governments':
      picked = agencies.filter((a) => a.kind === 'county');
      break;
    case 'county-departments':
      picked = agencies.filter((a) => a.kind === 'county-department');
      break;
    case 'own-county-departments': {
      const county = countyOf(agencies, ownCode);
      picked = county ? agencies.filter((a) => a.kind === 'county-department' && a.parentCode === county) : [];
      break;
    }
  }
  return picked.filter((a) => isSelectable(a, ownCode)).map((a) => a.code);
}

export type PresetState = 'all' | 'some' | 'none';

export function presetState(selected: readonly string[], codes: readonly string[]): PresetState {
  if (codes.length === 0) return 'none';
  const set = new Set(selected);
  const n = codes.filter((c) => set.has(c)).length;
  return n === 0 ? 'none' : n === codes.length ? 'all' : 'some';
}

/**
 * A quick-select button adds its whole group; pressed again when the whole group is already picked,
 * it takes the group out. The order of what was picked before is kept; new codes follow.
 * `blocked` (e.g. the agencies already in the other list, 主送 vs 抄送) are never added.
 */
export function togglePreset(selected: readonly string[], codes: readonly string[], blocked: readonly string[] = []): string[] {
  const allowed = codes.filter((c) => !blocked.includes(c));
  if (presetState(selected, allowed) === 'all') {
    const drop = new Set(allowed);
    return selected.filter((c) => !drop.has(c));
  }
  const set = new Set(selected);
  return [...selected, ...allowed.filter((c) => !set.has(c))];
}

/** Codes → names in the directory's order (unknown codes keep their code). */
export function recipientNames(codes: readonly string[], byCode: ReadonlyMap<string, { agency: Pick<Agency, 'name'> }>): string[] {
  return codes.map((c) => byCode.get(c)?.agency.name ?? c);
}
