import { describe, expect, it } from 'vitest';
import { activeTrail, flattenRoutes, visibleModules } from './navigation';
import type { AppModule } from './types';

const modules: AppModule[] = [
  { key: 'workspace', path: '/', labelKey: 'nav.workspace', page: () => null },
  { key: 'directory', path: '/directory', labelKey: 'nav.directory', page: () => null },
  {
    key: 'admin',
    path: '/admin',
    labelKey: 'nav.admin',
    roles: ['admin'],
    children: [
      { key: 'admin-users', path: '/admin/users', labelKey: 'nav.admin.users', page: () => null },
      { key: 'admin-audit', path: '/admin/audit', labelKey: 'nav.admin.audit', page: () => null },
    ],
  },
];

describe('navigation', () => {
  it('hides admin from non-admins', () => {
    expect(visibleModules(modules, ['clerk']).map((m) => m.key)).toEqual(['workspace', 'directory']);
    expect(visibleModules(modules, ['clerk', 'admin']).map((m) => m.key)).toEqual(['workspace', 'directory', 'admin']);
  });

  it('finds the selected entry and its parents', () => {
    expect(activeTrail(modules, '/').map((m) => m.key)).toEqual(['workspace']);
    expect(activeTrail(modules, '/directory').map((m) => m.key)).toEqual(['directory']);
    expect(activeTrail(modules, '/admin/audit').map((m) => m.key)).toEqual(['admin', 'admin-audit']);
    expect(activeTrail(modules, '/administrator').map((m) => m.key)).toEqual([]);
  });

  it('makes a route for every entry with the roles of its parents', () => {
    const routes = flattenRoutes(modules);
    expect(routes.map((r) => r.path)).toEqual(['/', '/directory', '/admin', '/admin/users', '/admin/audit']);
    expect(routes.find((r) => r.path === '/admin/users')!.roles).toEqual([['admin']]);
    expect(routes.find((r) => r.path === '/')!.roles).toEqual([]);
  });
});
