/**
 * The service modules this process runs, in start order. Each adds its migrations, routes, 待办,
 * CLI commands and listeners (see ServiceModule in @yizhan/core).
 */
import type { ServiceModule } from '@yizhan/core';
import { docexchangeModule } from '@yizhan/docexchange';
import { mailModule } from '@yizhan/mail';
import { conferenceModule } from '@yizhan/conference';

export const SERVICE_MODULES: ServiceModule[] = [docexchangeModule, mailModule, conferenceModule];

export function moduleMigrations(modules: ServiceModule[]) {
  return Object.assign({}, ...modules.map((m) => m.migrations ?? {}));
}
