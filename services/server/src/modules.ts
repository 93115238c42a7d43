/**
 * The service modules this process runs, in start order. Each adds its migrations, routes, 待办,
 * CLI commands and listeners (see ServiceModule in @yizhan/core).
 */
import type { ServiceModule } from '@yizhan/core';
import { docexchangeModule } from '@yizhan/docexchange';

export const SERVICE_MODULES: ServiceModule[] = [docexchangeModule];

export function moduleMigrations(modules: ServiceModule[]) {
  return Object.assign({}, ...modules.map((m) => m.migrations ?? {}));
}
