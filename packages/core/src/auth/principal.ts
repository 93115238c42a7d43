import type { Role } from '../directory/types';
import type { UserRow } from '../db/schema';
import { AppError } from '../errors/app-error';

/** Who is acting: a logged-in user, or the server's own admin CLI. */
export interface Principal {
  userId: string;
  username: string;
  name: string;
  agencyCode: string;
  roles: Role[];
}

export function principalOf(user: UserRow): Principal {
  return {
    userId: user.id,
    username: user.username,
    name: user.name,
    agencyCode: user.agency_code,
    roles: user.roles as Role[],
  };
}

export function hasRole(p: Principal, role: Role): boolean {
  return p.roles.includes(role);
}

export function requireRole(p: Principal, ...roles: Role[]): void {
  if (!roles.some((r) => p.roles.includes(r))) {
    throw new AppError('FORBIDDEN', `${p.username} lacks role ${roles.join('|')}`);
  }
}
