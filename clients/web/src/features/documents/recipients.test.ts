import { describe, expect, it } from 'vitest';
import type { Agency } from '@yizhan/protocol';
import { countyOf, isSelectable, presetCodes, presetsFor, presetState, recipientNames, togglePreset } from './recipients';

const a = (code: string, kind: Agency['kind'], parentCode: string | null, name = code): Agency => ({
  code,
  name,
  shortName: name,
  parentCode,
  kind,
  docPrefix: '',
  mailAddress: `${code}@gov.example`,
  sortOrder: 0,
});

const city: Agency[] = [
  a('city', 'city', null, '示范市'),
  a('sw', 'body', 'city', '市委'),
  a('szf', 'body', 'city', '市政府'),
  a('jfq', 'military', 'city', '军分区'),
  a('zzb', 'department', 'sw', '市委组织部'),
  a('fgw', 'department', 'szf', '市发改委'),
  a('jyj', 'department', 'szf', '市教育局'),
  a('lh', 'county', 'city', '临河县政府'),
  a('lh-jyj', 'county-department', 'lh', '临河县教育局'),
  a('lh-czj', 'county-department', 'lh', '临河县财政局'),
  a('qs', 'county', 'city', '青山县政府'),
  a('qs-jyj', 'county-department', 'qs', '青山县教育局'),
];

describe('recipient presets', () => {
  it('全部市直部门: the departments of the city bodies, not the bodies, counties or their departments', () => {
    expect(presetCodes(city, 'city-departments', 'szf')).toEqual(['zzb', 'fgw', 'jyj']);
  });

  it('全部县（市、区）政府 and 各县（市、区）全部部门', () => {
    expect(presetCodes(city, 'county-governments', 'szf')).toEqual(['lh', 'qs']);
    expect(presetCodes(city, 'county-departments', 'szf')).toEqual(['lh-jyj', 'lh-czj', 'qs-jyj']);
  });

  it('never includes the sender itself', () => {
    expect(presetCodes(city, 'city-departments', 'fgw')).toEqual(['zzb', 'jyj']);
    expect(presetCodes(city, 'county-governments', 'lh')).toEqual(['qs']);
  });

  it('offers 本县全部部门 to people of a county only', () => {
    expect(presetsFor(city, 'szf')).not.toContain('own-county-departments');
    expect(presetsFor(city, 'lh')).toContain('own-county-departments');
    expect(presetsFor(city, 'lh-jyj')).toContain('own-county-departments');
    expect(presetCodes(city, 'own-county-departments', 'lh')).toEqual(['lh-jyj', 'lh-czj']);
    expect(presetCodes(city, 'own-county-departments', 'lh-jyj')).toEqual(['lh-czj']);
    expect(presetCodes(city, 'own-county-departments', 'szf')).toEqual([]);
    expect(countyOf(city, 'qs-jyj')).toBe('qs');
    expect(countyOf(city, 'nowhere')).toBeNull();
  });

  it('adds a group, and takes it out again when it is all there', () => {
    const depts = presetCodes(city, 'city-departments', 'szf');
    const once = togglePreset(['lh'], depts);
    expect(once).toEqual(['lh', 'zzb', 'fgw', 'jyj']);
    expect(presetState(once, depts)).toBe('all');
    expect(togglePreset(once, depts)).toEqual(['lh']);
  });

  it('completes a partly chosen group rather than emptying it', () => {
    const depts = ['zzb', 'fgw', 'jyj'];
    expect(presetState(['fgw'], depts)).toBe('some');
    expect(togglePreset(['fgw'], depts)).toEqual(['fgw', 'zzb', 'jyj']);
    expect(presetState([], depts)).toBe('none');
    expect(presetState(['fgw'], [])).toBe('none');
  });

  it('leaves out agencies already in the other list (主送 vs 抄送)', () => {
    const depts = ['zzb', 'fgw', 'jyj'];
    expect(togglePreset([], depts, ['fgw'])).toEqual(['zzb', 'jyj']);
    expect(togglePreset(['zzb', 'jyj'], depts, ['fgw'])).toEqual([]);
  });
});

describe('isSelectable and names', () => {
  it('refuses the city root and the own agency', () => {
    expect(isSelectable(city[0], 'szf')).toBe(false);
    expect(isSelectable(city[2], 'szf')).toBe(false);
    expect(isSelectable(city[5], 'szf')).toBe(true);
    expect(isSelectable(city[3], 'szf')).toBe(true);
  });

  it('names codes, keeping unknown ones', () => {
    const byCode = new Map(city.map((x) => [x.code, { agency: x }]));
    expect(recipientNames(['jyj', 'gone'], byCode)).toEqual(['市教育局', 'gone']);
  });
});
