/**
 * One process running the whole suite on the configured backends: REST + web client + socket.io
 * (later also SMTP and media). Started by main.ts and by the integration tests alike.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPlatform, type Config, type Logger, type Platform, type ServiceModule } from '@yizhan/core';
import { moduleMigrations, SERVICE_MODULES } from './modules';
import { buildHttpApp } from './http/app';
import { createSocketServer } from './realtime/socket-server';
import { startAdminSocket } from './admin/admin-socket';
import { lockDataDir, type DataDirLock } from './data-dir-lock';
import { bootstrapPlatform } from './bootstrap';
import { TodoRegistry } from './workspace/todo-registry';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../clients/web/dist');

export interface RunningServer {
  url: string;
  port: number;
  platform: Platform;
  close(): Promise<void>;
}

export async function startServer(config: Config, log: Logger, opts: { webDist?: string; modules?: ServiceModule[] } = {}): Promise<RunningServer> {
  const modules = opts.modules ?? SERVICE_MODULES;
  const cleanups: Array<() => Promise<void> | void> = [];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (err) {
        log.error({ err }, 'error while closing');
      }
    }
  };
  try {
    let lock: DataDirLock | undefined;
    if (config.database.kind === 'pglite') {
      lock = lockDataDir(config.dataDir, 'yizhan server');
      cleanups.push(() => lock!.release());
    }
    const platform = await openPlatform(config, log, { migrations: moduleMigrations(modules) });
    cleanups.push(() => platform.close());
    await bootstrapPlatform(platform);

    const todos = new TodoRegistry();
    const app = await buildHttpApp({ platform, todos, webDist: opts.webDist ?? WEB_DIST });
    cleanups.push(() => app.close());
    const sockets = await createSocketServer(app.server, platform);
    cleanups.push(() => sockets.close());
    platform.realtime = sockets.realtime;
    // Services start once socket.io is up (they may use it) and add their routes before listening.
    for (const m of modules) {
      const service = await m.start({ platform, io: sockets.io as never });
      cleanups.push(() => service.close());
      if (service.todos) todos.register(m.name, service.todos);
      if (service.routes) await app.register(async (scope) => service.routes!(scope), { prefix: '/api' });
    }
    await app.listen({ host: config.http.host, port: config.http.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.http.port;

    const admin = await startAdminSocket(platform);
    cleanups.push(() => admin.close());

    let closing: Promise<void> | null = null;
    return {
      url: `http://localhost:${port}`,
      port,
      platform,
      close() {
        closing ??= cleanup();
        return closing;
      },
    };
  } catch (e) {
    await cleanup();
    throw e;
  }
}
