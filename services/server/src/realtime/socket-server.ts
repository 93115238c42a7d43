/**
 * socket.io on the HTTP server: authenticated by the same session cookie as REST, one room per user
 * and per agency. With REDIS_URL the Redis adapter carries emits between processes.
 */
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { parseCookie } from 'cookie';
import { principalOf, resolveSession, toAppError, toErrorBody, type Platform, type Principal, type Realtime } from '@yizhan/core';
import { PingSchema, rooms, SESSION_COOKIE, type ClientToServerEvents, type ServerToClientEvents } from '@yizhan/protocol';

export type YizhanSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { principal: Principal }>;
export type YizhanIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { principal: Principal }>;

export interface SocketServer {
  io: YizhanIo;
  realtime: Realtime;
  close(): Promise<void>;
}

export async function createSocketServer(httpServer: HttpServer, platform: Platform): Promise<SocketServer> {
  const io: YizhanIo = new Server(httpServer, { serveClient: false, cors: { origin: false } });
  let redisClients: Array<{ quit(): Promise<unknown> }> = [];
  if (platform.config.redisUrl) {
    const [{ createClient }, { createAdapter }] = await Promise.all([import('redis'), import('@socket.io/redis-adapter')]);
    const pub = createClient({ url: platform.config.redisUrl });
    const sub = pub.duplicate();
    await Promise.all([pub.connect(), sub.connect()]);
    io.adapter(createAdapter(pub, sub));
    redisClients = [pub, sub];
  }

  io.use(async (socket, next) => {
    try {
      const token = parseCookie(socket.handshake.headers.cookie ?? '')[SESSION_COOKIE];
      const session = await resolveSession(platform.db, token);
      socket.data.principal = principalOf(session.user);
      next();
    } catch (e) {
      const err = toAppError(e);
      next(Object.assign(new Error(err.userMessage), { data: toErrorBody(err) }));
    }
  });

  io.on('connection', (socket: YizhanSocket) => {
    const p = socket.data.principal;
    void socket.join([rooms.user(p.userId), rooms.agency(p.agencyCode)]);
    socket.on('ping', (payload, ack) => {
      if (typeof ack !== 'function') return;
      const parsed = PingSchema.safeParse(payload);
      if (!parsed.success) return ack({ ok: false, error: { code: 'VALIDATION_FAILED', message: '消息格式错误' } });
      ack({ ok: true, data: { serverTime: Date.now() } });
    });
  });

  const emit = (room: string, event: string, payload: unknown) => (io.to(room) as unknown as { emit(e: string, p: unknown): void }).emit(event, payload);
  const realtime: Realtime = {
    toUser: (userId, event, payload) => emit(rooms.user(userId), event, payload),
    toAgency: (code, event, payload) => emit(rooms.agency(code), event, payload),
  };

  let closing: Promise<void> | null = null;
  return {
    io,
    realtime,
    close() {
      closing ??= (async () => {
        io.disconnectSockets(true);
        await new Promise<void>((resolve) => io.close(() => resolve()));
        await Promise.all(redisClients.map((c) => c.quit().catch(() => {})));
      })();
      return closing;
    },
  };
}
