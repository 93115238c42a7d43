import { describe, it, expect } from 'vitest';
import { buildDemoCity, createUsernameAllocator, DEMO_ACCOUNTS, usernameBase } from './demo-city';
import { agencyMailAddress, mailAddressOf } from './mail-address';
import type { Role } from './types';
import { ROLES } from './types';

const spec = buildDemoCity();
const byCode = new Map(spec.agencies.map((a) => [a.code, a]));
const byUsername = new Map(spec.users.map((u) => [u.username, u]));
const ofKind = (kind: string) => spec.agencies.filter((a) => a.kind === kind);
const duplicates = (values: string[]) => values.filter((v, i) => values.indexOf(v) !== i);

describe('buildDemoCity: agencies', () => {
  it('has the city root, the four bodies and the military sub-district', () => {
    const root = byCode.get('city');
    expect(root).toMatchObject({ kind: 'city', name: '示范市', docPrefix: '', parentCode: null });
    expect(spec.agencies.filter((a) => a.parentCode === null)).toHaveLength(1);
    expect(ofKind('body').map((a) => [a.code, a.docPrefix, a.parentCode])).toEqual([
      ['sw', '示发', 'city'],
      ['srd', '示人大', 'city'],
      ['szf', '示政', 'city'],
      ['szx', '示政协', 'city'],
    ]);
    expect(byCode.get('jfq')).toMatchObject({ kind: 'military', docPrefix: '示军', parentCode: 'city' });
    expect(byCode.get('fgw')).toMatchObject({ name: '示范市发展和改革委员会', parentCode: 'szf', docPrefix: '示发改' });
  });

  it('has the expected size', () => {
    expect(spec.agencies.length).toBeGreaterThanOrEqual(140);
    const departments = ofKind('department');
    expect(departments.length).toBeGreaterThanOrEqual(60);
    for (const d of departments) expect(['sw', 'srd', 'szf', 'szx']).toContain(d.parentCode);
    const counties = ofKind('county');
    expect(counties).toHaveLength(16);
    for (const c of counties) {
      expect(c.parentCode).toBe('city');
      const depts = spec.agencies.filter((a) => a.parentCode === c.code);
      expect(depts.length).toBeGreaterThanOrEqual(5);
      for (const d of depts) {
        expect(d.kind).toBe('county-department');
        expect(d.code.startsWith(`${c.code}-`)).toBe(true);
      }
    }
  });

  it('has unique codes, names and doc prefixes', () => {
    expect(duplicates(spec.agencies.map((a) => a.code))).toEqual([]);
    expect(duplicates(spec.agencies.map((a) => a.name))).toEqual([]);
    expect(duplicates(spec.agencies.filter((a) => a.docPrefix).map((a) => a.docPrefix))).toEqual([]);
    for (const a of spec.agencies) {
      expect(a.code).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      if (a.kind !== 'city') expect(a.docPrefix).toMatch(/^\p{Script=Han}+$/u);
    }
  });

  it('forms a tree: parents exist, no cycles, sortOrder is the position among siblings', () => {
    for (const a of spec.agencies) {
      if (a.parentCode !== null) expect(byCode.has(a.parentCode), a.code).toBe(true);
      const seen = new Set<string>();
      for (let c: string | null = a.code; c !== null; c = byCode.get(c)!.parentCode) {
        expect(seen.has(c), `cycle at ${a.code}`).toBe(false);
        seen.add(c);
      }
      expect(seen.has('city')).toBe(true);
    }
    const parents = new Set(spec.agencies.map((a) => a.parentCode));
    for (const p of parents) {
      const siblings = spec.agencies.filter((a) => a.parentCode === p);
      expect(siblings.map((a) => a.sortOrder)).toEqual(siblings.map((_, i) => i));
    }
  });
});

describe('buildDemoCity: users', () => {
  it('has ≥300 users with unique pinyin usernames', () => {
    expect(spec.users.length).toBeGreaterThanOrEqual(300);
    expect(duplicates(spec.users.map((u) => u.username))).toEqual([]);
    for (const u of spec.users) {
      expect(u.username).toMatch(/^[a-z][a-z0-9]*$/);
      expect(byCode.has(u.agencyCode), u.username).toBe(true);
      expect(u.roles.length).toBeGreaterThan(0);
      for (const r of u.roles) expect(ROLES).toContain(r);
      if (u.username !== 'admin') {
        expect(u.name).toMatch(/^\p{Script=Han}{2,4}$/u);
        expect(u.username.replace(/\d+$/, '')).toBe(usernameBase(u.name));
      }
    }
  });

  it('gives every non-root agency a clerk, a leader and a staff member', () => {
    for (const a of spec.agencies) {
      if (a.kind === 'city') continue;
      const members = spec.users.filter((u) => u.agencyCode === a.code);
      for (const role of ['clerk', 'leader', 'staff'] as Role[]) {
        expect(members.some((u) => u.roles.includes(role)), `${a.code} lacks ${role}`).toBe(true);
      }
    }
    for (const body of ['sw', 'srd', 'szf', 'szx']) {
      const leaders = spec.users.filter((u) => u.agencyCode === body && u.roles.includes('leader'));
      expect(leaders.length).toBeGreaterThanOrEqual(3);
      expect(leaders.length).toBeLessThanOrEqual(4);
    }
    expect(spec.users.find((u) => u.agencyCode === 'szf' && u.roles.includes('leader'))?.title).toBe('市长');
  });

  it('has exactly one admin, username admin, in the big-data bureau', () => {
    const admins = spec.users.filter((u) => u.roles.includes('admin'));
    expect(admins).toEqual([{ username: 'admin', name: '系统管理员', agencyCode: 'dsjj', roles: ['admin'], title: '系统管理员' }]);
    expect(byCode.get('dsjj')).toMatchObject({ name: '示范市大数据局', parentCode: 'szf' });
  });
});

describe('buildDemoCity: venues', () => {
  it('has 3 main and 16 county venues, each run by a venue operator of its agency', () => {
    expect(spec.venues.filter((v) => v.kind === 'main').map((v) => [v.code, v.agencyCode])).toEqual([
      ['v-sw', 'sw'],
      ['v-szf', 'szf'],
      ['v-srd', 'srd'],
    ]);
    const countyVenues = spec.venues.filter((v) => v.kind === 'county');
    expect(countyVenues).toHaveLength(16);
    expect(new Set(countyVenues.map((v) => v.agencyCode))).toEqual(new Set(ofKind('county').map((a) => a.code)));
    expect(duplicates(spec.venues.map((v) => v.code))).toEqual([]);
    for (const v of spec.venues) {
      expect(v.code).toBe(`v-${v.agencyCode}`);
      const op = byUsername.get(v.operatorUsername);
      expect(op?.roles).toEqual(['venue-operator']);
      expect(op?.title).toBe('会场操作员');
      expect(op?.agencyCode).toBe(v.agencyCode);
    }
    expect(countyVenues.find((v) => v.agencyCode === 'lh')?.name).toBe('临河县视频会议室');
  });
});

describe('buildDemoCity: determinism and speed', () => {
  it('returns deep-equal data on every call', () => {
    expect(buildDemoCity()).toEqual(spec);
    expect(JSON.stringify(buildDemoCity())).toBe(JSON.stringify(spec));
  });

  it('is fast once warm', () => {
    const t0 = performance.now();
    buildDemoCity();
    // 50 ms is the target; the bound leaves room for a loaded CI machine.
    expect(performance.now() - t0).toBeLessThan(250);
  });
});

describe('DEMO_ACCOUNTS', () => {
  it('names existing users with the right roles and agencies', () => {
    const expectUser = (username: string, role: Role, agencyCode?: string) => {
      const u = byUsername.get(username);
      expect(u, username).toBeDefined();
      expect(u!.roles).toContain(role);
      if (agencyCode) expect(u!.agencyCode).toBe(agencyCode);
    };
    expect(DEMO_ACCOUNTS.admin).toBe('admin');
    expectUser(DEMO_ACCOUNTS.admin, 'admin');
    expectUser(DEMO_ACCOUNTS.cityGovClerk, 'clerk', 'szf');
    expectUser(DEMO_ACCOUNTS.cityGovLeader, 'leader', 'szf');
    expectUser(DEMO_ACCOUNTS.fgwClerk, 'clerk', 'fgw');
    expectUser(DEMO_ACCOUNTS.countyClerk, 'clerk', ofKind('county')[0].code);
    expectUser(DEMO_ACCOUNTS.venueOperator, 'venue-operator', 'sw');
    expect(DEMO_ACCOUNTS.venueOperator).toBe(spec.venues[0].operatorUsername);
  });
});

describe('usernames from names', () => {
  it('uses toneless pinyin with surname readings', () => {
    expect(usernameBase('张伟')).toBe('zhangwei');
    expect(usernameBase('曾伟')).toBe('zengwei');
    expect(usernameBase('单明')).toBe('shanming');
    expect(usernameBase('仇磊')).toBe('qiulei');
    expect(usernameBase('吕强')).toBe('lvqiang');
    expect(usernameBase('欧阳娜')).toBe('ouyangna');
  });

  it('resolves collisions with 2, 3 …', () => {
    const allocate = createUsernameAllocator(['admin']);
    expect(['张伟', '张伟', '张玮', '李娜'].map(allocate)).toEqual(['zhangwei', 'zhangwei2', 'zhangwei3', 'lina']);
  });
});

describe('mail addresses', () => {
  it('puts each agency on its own subdomain and the root on the bare domain', () => {
    expect(mailAddressOf('zhangwei', 'fgw', 'example.gov.cn')).toBe('zhangwei@fgw.example.gov.cn');
    expect(mailAddressOf('admin', 'city', 'example.gov.cn')).toBe('admin@example.gov.cn');
    expect(agencyMailAddress('fgw', 'example.gov.cn')).toBe('office@fgw.example.gov.cn');
    expect(agencyMailAddress('city', 'example.gov.cn')).toBe('office@example.gov.cn');
    expect(agencyMailAddress('lh-jyj', 'Example.GOV.cn.')).toBe('office@lh-jyj.example.gov.cn');
    expect(() => mailAddressOf('张伟', 'fgw', 'example.gov.cn')).toThrow();
    expect(() => mailAddressOf('zhangwei', 'fgw', 'bad domain')).toThrow();
  });

  it('gives every demo user and agency a well-formed address', () => {
    const address = /^[a-z0-9]+@([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/;
    const all = new Set<string>();
    for (const u of spec.users) {
      const a = mailAddressOf(u.username, u.agencyCode, 'example.gov.cn');
      expect(a).toMatch(address);
      all.add(a);
    }
    for (const ag of spec.agencies) expect(agencyMailAddress(ag.code, 'example.gov.cn')).toMatch(address);
    expect(all.size).toBe(spec.users.length);
  });
});
