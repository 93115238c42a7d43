import { workspaceModule } from '../../features/workspace/module';
import { directoryModule } from '../../features/directory/module';
import { adminModule } from '../../features/admin/module';
import type { AppModule } from './types';

/** The side menu, top to bottom. New features (documents, circulation, mail, meetings) add one line here. */
export const modules: AppModule[] = [workspaceModule, directoryModule, adminModule];

export type { AppModule } from './types';
export { visibleModules, activeTrail, flattenRoutes } from './navigation';
