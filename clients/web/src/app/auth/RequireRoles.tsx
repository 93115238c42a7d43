import type { ReactNode } from 'react';
import type { Role } from '@yizhan/protocol';
import { useCurrentUser } from './AuthProvider';
import { hasAnyRole } from './roles';
import { ForbiddenPage } from '../errors/StatusPages';

/** Each set is one level of the navigation; the user needs one role of every set. */
export function RequireRoles({ roleSets, children }: { roleSets: ReadonlyArray<readonly Role[]>; children: ReactNode }) {
  const user = useCurrentUser();
  return roleSets.every((roles) => hasAnyRole(user.roles, roles)) ? children : <ForbiddenPage />;
}
