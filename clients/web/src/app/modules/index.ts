import { workspaceModule } from '../../features/workspace/module';
import { directoryModule } from '../../features/directory/module';
import { adminModule } from '../../features/admin/module';
import { documentsLinkedPages, documentsModule } from '../../features/documents/module';
import { meetingsLinkedPages, meetingsModule } from '../../features/meetings/module';
import { circulationModule } from '../../features/circulation/module';
import { mailModule } from '../../features/mail/module';
import { activeTrail as trailWithinParents, flattenRoutes as flattenMenuRoutes, type FlatRoute } from './navigation';
import type { AppModule } from './types';

/** The side menu, top to bottom. New features (documents, circulation, mail, meetings) add one line here. */
export const modules: AppModule[] = [workspaceModule, documentsModule, circulationModule, mailModule, meetingsModule, directoryModule, adminModule];

/**
 * Pages reached by links (a document, an incoming delivery) rather than from the menu: they get a
 * route (with their own roles) but no menu entry. New features add their list here.
 */
const linkedPages: AppModule[] = [...documentsLinkedPages, ...meetingsLinkedPages];

export type { AppModule } from './types';
export { visibleModules } from './navigation';

/** The menu's routes, then the linked pages' routes. */
export function flattenRoutes(list: readonly AppModule[]): FlatRoute[] {
  return [...flattenMenuRoutes(list), ...flattenMenuRoutes(linkedPages)];
}

/**
 * The selected menu entry and its parents. Like navigation's activeTrail, but also finds an entry
 * whose path lies outside its parent's (公文 › 收文 is /incoming, 公文 › 收文登记簿 is /register).
 */
export function activeTrail(list: readonly AppModule[], pathname: string): AppModule[] {
  const direct = trailWithinParents(list, pathname);
  if (direct.length > 0) return direct;
  for (const m of list) {
    const inner = m.children ? activeTrail(m.children, pathname) : [];
    if (inner.length > 0) return [m, ...inner];
  }
  return [];
}
