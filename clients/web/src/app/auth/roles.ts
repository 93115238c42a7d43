import type { Role } from '@yizhan/protocol';
import { hasMessage, type Translate } from '../i18n/translate';

/** Every role, in the order they are listed; a Record so a new role in the protocol fails to compile here. */
const ROLE_ORDER: Record<Role, number> = { leader: 0, clerk: 1, staff: 2, 'venue-operator': 3, admin: 4 };

export const ROLES: readonly Role[] = (Object.keys(ROLE_ORDER) as Role[]).sort((a, b) => ROLE_ORDER[a] - ROLE_ORDER[b]);

export const ROLE_COLORS: Record<Role, string> = {
  leader: 'red',
  clerk: 'blue',
  staff: 'green',
  'venue-operator': 'purple',
  admin: 'gold',
};

/** 收发员, 领导, …; a role this client does not know yet shows as its code rather than breaking the page. */
export function roleLabel(role: string, t: Translate): string {
  const key = `role.${role}`;
  return hasMessage(key) ? t(key) : role;
}

export function sortRoles<R extends string>(roles: readonly R[]): R[] {
  const rank = (r: string) => ROLE_ORDER[r as Role] ?? 99;
  return [...roles].sort((a, b) => rank(a) - rank(b));
}

export function hasAnyRole(userRoles: readonly Role[], required?: readonly Role[]): boolean {
  if (!required || required.length === 0) return true;
  return required.some((r) => userRoles.includes(r));
}
