import type { Role } from '@yizhan/protocol';
import { hasAnyRole } from '../auth/roles';
import type { AppModule } from './types';

/** The modules (and sub-pages) this user may see. */
export function visibleModules(modules: readonly AppModule[], roles: readonly Role[]): AppModule[] {
  return modules
    .filter((m) => hasAnyRole(roles, m.roles))
    .map((m) => (m.children ? { ...m, children: visibleModules(m.children, roles) } : m))
    .filter((m) => m.page || (m.children && m.children.length > 0));
}

function matches(path: string, pathname: string): boolean {
  if (path === '/') return pathname === '/';
  return pathname === path || pathname.startsWith(`${path}/`);
}

/** The chain of modules that the pathname is in, outermost first (for the selected menu item and its open sub-menu). */
export function activeTrail(modules: readonly AppModule[], pathname: string): AppModule[] {
  for (const m of modules) {
    if (!matches(m.path, pathname)) continue;
    return [m, ...(m.children ? activeTrail(m.children, pathname) : [])];
  }
  return [];
}

export interface FlatRoute {
  path: string;
  module: AppModule;
  /** Roles needed, from the module and everything above it. */
  roles: Array<readonly Role[]>;
}

/** Every module as a route, parents included (they redirect to their first child). */
export function flattenRoutes(modules: readonly AppModule[], inherited: Array<readonly Role[]> = []): FlatRoute[] {
  return modules.flatMap((m) => {
    const roles = m.roles ? [...inherited, m.roles] : inherited;
    return [{ path: m.path, module: m, roles }, ...(m.children ? flattenRoutes(m.children, roles) : [])];
  });
}
