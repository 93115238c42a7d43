import { describe, expect, it } from 'vitest';
import type { Role } from '@yizhan/protocol';
import { RoleSchema } from '@yizhan/protocol';
import { translatorFor } from '../i18n/translate';
import { hasAnyRole, ROLES, roleLabel, sortRoles } from './roles';

const zh = translatorFor('zh-CN');
const en = translatorFor('en-US');

describe('roleLabel', () => {
  it('names every role in Chinese as the design glossary does', () => {
    const expected: Record<Role, string> = {
      clerk: '收发员',
      leader: '领导',
      staff: '承办人',
      'venue-operator': '会场操作员',
      admin: '系统管理员',
    };
    for (const role of RoleSchema.options) expect(roleLabel(role, zh)).toBe(expected[role]);
  });

  it('has an English label for every role', () => {
    for (const role of RoleSchema.options) {
      expect(roleLabel(role, en)).not.toBe(roleLabel(role, zh));
      expect(roleLabel(role, en)).toMatch(/^[A-Z]/);
    }
  });

  it('shows an unknown role by its code instead of failing', () => {
    expect(roleLabel('archivist', zh)).toBe('archivist');
  });
});

describe('roles', () => {
  it('lists every protocol role once', () => {
    expect([...ROLES].sort()).toEqual([...RoleSchema.options].sort());
  });

  it('sorts roles leader first, admin last', () => {
    expect(sortRoles(['admin', 'staff', 'leader', 'clerk'])).toEqual(['leader', 'clerk', 'staff', 'admin']);
  });

  it('checks required roles', () => {
    expect(hasAnyRole(['clerk'], undefined)).toBe(true);
    expect(hasAnyRole(['clerk'], [])).toBe(true);
    expect(hasAnyRole(['clerk'], ['admin'])).toBe(false);
    expect(hasAnyRole(['clerk', 'admin'], ['admin'])).toBe(true);
  });
});
