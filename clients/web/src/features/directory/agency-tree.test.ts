import { describe, expect, it } from 'vitest';
import type { Agency } from '@yizhan/protocol';
import { ancestorCodes, buildAgencyTree, filterAgencyTree } from './agency-tree';

function agency(code: string, parentCode: string | null, sortOrder: number, name = code, extra: Partial<Agency> = {}): Agency {
  return {
    code,
    name,
    shortName: name,
    parentCode,
    kind: parentCode ? 'department' : 'city',
    docPrefix: '',
    mailAddress: `${code}@gov.example`,
    sortOrder,
    ...extra,
  };
}

const flat: Agency[] = [
  agency('city', null, 0, '示范市'),
  agency('finance', 'city', 30, '市财政局'),
  agency('gov', 'city', 10, '市人民政府'),
  agency('edu', 'city', 20, '市教育局'),
  agency('county-a', 'city', 40, '甲县', { kind: 'county' }),
  agency('county-a-edu', 'county-a', 2, '甲县教育局', { kind: 'county-department' }),
  agency('county-a-fin', 'county-a', 1, '甲县财政局', { kind: 'county-department' }),
];

describe('buildAgencyTree', () => {
  it('nests the flat list under its parents, siblings by sortOrder', () => {
    const { roots, byCode } = buildAgencyTree(flat);
    expect(roots.map((r) => r.agency.code)).toEqual(['city']);
    expect(roots[0].children.map((c) => c.agency.code)).toEqual(['gov', 'edu', 'finance', 'county-a']);
    expect(byCode.get('county-a')!.children.map((c) => c.agency.code)).toEqual(['county-a-fin', 'county-a-edu']);
    expect(byCode.size).toBe(flat.length);
  });

  it('does not depend on the order of the input', () => {
    const shuffled = [...flat].reverse();
    const { roots } = buildAgencyTree(shuffled);
    expect(roots[0].children.map((c) => c.agency.code)).toEqual(['gov', 'edu', 'finance', 'county-a']);
  });

  it('breaks sortOrder ties by name', () => {
    const { roots } = buildAgencyTree([agency('r', null, 0), agency('b', 'r', 1, '乙'), agency('a', 'r', 1, '甲')]);
    expect(roots[0].children).toHaveLength(2);
  });

  it('keeps agencies whose parent is missing, as roots', () => {
    const { roots } = buildAgencyTree([...flat, agency('orphan', 'nowhere', 5)]);
    expect(roots.map((r) => r.agency.code)).toEqual(['city', 'orphan']);
  });

  it('survives a cycle without losing or repeating agencies', () => {
    const { roots, byCode } = buildAgencyTree([agency('a', 'b', 0), agency('b', 'a', 1)]);
    const seen: string[] = [];
    const walk = (nodes: typeof roots) => nodes.forEach((n) => (seen.push(n.agency.code), walk(n.children)));
    walk(roots);
    expect(seen.sort()).toEqual(['a', 'b']);
    expect(byCode.size).toBe(2);
  });

  it('handles an empty list', () => {
    expect(buildAgencyTree([]).roots).toEqual([]);
  });
});

describe('ancestorCodes', () => {
  it('lists the way down from the root', () => {
    const forest = buildAgencyTree(flat);
    expect(ancestorCodes(forest, 'county-a-edu')).toEqual(['city', 'county-a']);
    expect(ancestorCodes(forest, 'city')).toEqual([]);
    expect(ancestorCodes(forest, 'unknown')).toEqual([]);
  });
});

describe('filterAgencyTree', () => {
  const { roots } = buildAgencyTree(flat);

  it('keeps matches with their ancestors and says what to expand', () => {
    const result = filterAgencyTree(roots, '教育');
    expect(result.matches).toBe(2);
    expect(result.roots.map((r) => r.agency.code)).toEqual(['city']);
    expect(result.roots[0].children.map((c) => c.agency.code)).toEqual(['edu', 'county-a']);
    expect(result.roots[0].children[1].children.map((c) => c.agency.code)).toEqual(['county-a-edu']);
    expect(result.expand.sort()).toEqual(['city', 'county-a']);
  });

  it('matches codes case-insensitively', () => {
    expect(filterAgencyTree(roots, 'FINANCE').matches).toBe(1);
  });

  it('returns the whole tree for an empty query and nothing for no match', () => {
    expect(filterAgencyTree(roots, '  ').roots).toHaveLength(1);
    expect(filterAgencyTree(roots, '不存在').roots).toEqual([]);
  });
});
