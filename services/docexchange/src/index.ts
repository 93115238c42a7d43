/** The document-exchange service module (公文交换). */
import type { ServiceModule } from '@yizhan/core';
import { DOCEXCHANGE_MIGRATIONS } from './db/migrations';
import { docContext } from './context';
import { Dispatcher } from './dispatch/dispatcher';
import { documentRoutes } from './api/document-routes';
import { incomingRoutes } from './api/incoming-routes';
import { listDocexchangeTodos } from './documents/list-todos';
import { DOCEXCHANGE_COMMANDS } from './cli/docexchange-commands';
import { startCirculationService } from './circulation/circulation-service';

export const docexchangeModule: ServiceModule = {
  name: 'docexchange',
  migrations: DOCEXCHANGE_MIGRATIONS,
  cliCommands: DOCEXCHANGE_COMMANDS,
  async start({ platform }) {
    // The context's kick reaches the dispatcher made right after it (only called once work is queued).
    const ctx = docContext(platform, () => dispatcher.kick());
    const dispatcher = Dispatcher.create(ctx, { overdueSweepMs: platform.config.docexchange.overdueSweepMs });
    const documents = documentRoutes(ctx);
    const incoming = incomingRoutes(ctx);
    const circulation = startCirculationService(ctx);
    return {
      async routes(app) {
        await app.register(documents);
        await app.register(incoming);
        await app.register(circulation.routes);
      },
      todos: async (p) => [...(await listDocexchangeTodos(ctx, p)), ...(await circulation.todos(p))],
      close: async () => {
        await circulation.close();
        await dispatcher.close();
        await ctx.issuance.close();
      },
      dispatcher,
      circulation,
    } as ReturnType<ServiceModule['start']> extends Promise<infer S> ? S : never;
  },
};

export { docContext } from './context';
export { Dispatcher } from './dispatch/dispatcher';
