/** The document-exchange service module (公文交换). */
import type { ServiceModule } from '@yizhan/core';
import { DOCEXCHANGE_MIGRATIONS } from './db/migrations';
import { docContext } from './context';
import { Dispatcher } from './dispatch/dispatcher';
import { documentRoutes } from './api/document-routes';
import { incomingRoutes } from './api/incoming-routes';
import { listDocexchangeTodos } from './documents/list-todos';
import { DOCEXCHANGE_COMMANDS } from './cli/docexchange-commands';

export const docexchangeModule: ServiceModule = {
  name: 'docexchange',
  migrations: DOCEXCHANGE_MIGRATIONS,
  cliCommands: DOCEXCHANGE_COMMANDS,
  async start({ platform }) {
    let dispatcher: Dispatcher | undefined;
    const ctx = docContext(platform, () => dispatcher?.kick());
    dispatcher = Dispatcher.create(ctx, { overdueSweepMs: platform.config.docexchange.overdueSweepMs });
    const documents = documentRoutes(ctx);
    const incoming = incomingRoutes(ctx);
    return {
      async routes(app) {
        await app.register(documents);
        await app.register(incoming);
      },
      todos: (p) => listDocexchangeTodos(ctx, p),
      close: () => dispatcher!.close(),
      dispatcher,
    } as ReturnType<ServiceModule['start']> extends Promise<infer S> ? S : never;
  },
};

export { docContext } from './context';
export { Dispatcher } from './dispatch/dispatcher';
