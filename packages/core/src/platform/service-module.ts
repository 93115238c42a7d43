/**
 * How a service (docexchange, conference, mail) plugs into the one process: its migrations, its
 * HTTP routes, its 待办 provider, its CLI commands and any listeners or background workers it runs.
 * The server composes the modules it is given; the CLI without a server uses only their commands.
 */
import type { Migration } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Server as SocketIoServer } from 'socket.io';
import type { TodoItem } from '@yizhan/protocol';
import type { Principal } from '../auth/principal';
import type { Platform } from './platform';

export type TodoProvider = (principal: Principal) => Promise<TodoItem[]>;

export interface CliIo {
  platform: Platform;
  /** The caller's working directory: relative paths resolve against it. */
  cwd: string;
  stdout(s: string): void;
  stderr(s: string): void;
}

export interface CliCommandSpec {
  /** One line for `yizhan help`, starting with the usage. */
  summary: string;
  run(args: string[], io: CliIo): Promise<number>;
}

export interface ServiceContext {
  platform: Platform;
  /** The socket.io server, for services with their own namespaces or events (conference). */
  io: SocketIoServer;
}

export interface StartedService {
  /** Registered under /api. */
  routes?(app: FastifyInstance): Promise<void> | void;
  todos?: TodoProvider;
  /** Idempotent; stops listeners and workers. */
  close(): Promise<void>;
}

export interface ServiceModule {
  name: string;
  /** Names must sort after '0001-foundation' and be unique across services, e.g. '0100-docexchange-documents'. */
  migrations?: Record<string, Migration>;
  cliCommands?: Record<string, CliCommandSpec>;
  start(ctx: ServiceContext): Promise<StartedService>;
}

/** The CLI's actor in the audit log. */
export const CLI_ACTOR = 'cli:admin';

export class UsageError extends Error {}
