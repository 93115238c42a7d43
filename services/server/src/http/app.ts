/**
 * The HTTP edge: fastify with one error mapping (AppError → status + Chinese message), session and
 * CSRF checks, the REST routes of the platform and of each service, and the built web client.
 */
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { AppError, toAppError, toErrorBody, type Platform } from '@yizhan/core';
import { installSessionHook } from './session-hook';
import { authRoutes } from './routes/auth-routes';
import { directoryRoutes } from './routes/directory-routes';
import { adminRoutes } from './routes/admin-routes';
import { workspaceRoutes } from './routes/workspace-routes';
import { healthRoutes } from './routes/health-routes';
import { pkiRoutes } from './routes/pki-routes';
import type { TodoRegistry } from '../workspace/todo-registry';

export interface HttpAppOptions {
  platform: Platform;
  todos: TodoRegistry;
  /** Built web client (clients/web/dist); served with an SPA fallback when present. */
  webDist?: string;
}

export async function buildHttpApp(opts: HttpAppOptions): Promise<FastifyInstance> {
  const { platform } = opts;
  const app = Fastify({
    loggerInstance: platform.log.child({ component: 'http' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: true,
    bodyLimit: 2 * 1024 * 1024,
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    let e: AppError;
    const fastifyCode = err.code;
    if (fastifyCode === 'FST_ERR_CTP_INVALID_JSON_BODY' || (err.statusCode === 400 && (err instanceof SyntaxError || fastifyCode?.startsWith('FST_ERR_CTP')))) {
      e = new AppError('MALFORMED_REQUEST', `malformed body: ${err.message}`, { userMessage: '请求格式错误：内容不是有效的JSON' });
    } else if (fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      e = new AppError('PAYLOAD_TOO_LARGE', err.message);
    } else if (fastifyCode === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      e = new AppError('MALFORMED_REQUEST', err.message, { userMessage: '请求的内容类型不受支持' });
    } else {
      e = toAppError(err);
    }
    if (e.status >= 500) req.log.error({ err, url: req.url }, e.message);
    else req.log.info({ code: e.code, url: req.url, user: req.principal?.username }, e.message);
    void reply.status(e.status).send(toErrorBody(e));
  });

  await app.register(fastifyCookie);
  installSessionHook(app, platform);

  await app.register(healthRoutes(platform), { prefix: '/api' });
  await app.register(authRoutes(platform), { prefix: '/api' });
  await app.register(directoryRoutes(platform), { prefix: '/api' });
  await app.register(workspaceRoutes(platform, opts.todos), { prefix: '/api' });
  await app.register(adminRoutes(platform), { prefix: '/api' });
  await app.register(pkiRoutes(platform), { prefix: '/api' });

  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || !opts.webDist || !fs.existsSync(path.join(opts.webDist, 'index.html'))) {
      const e = new AppError('NOT_FOUND', `no route ${req.method} ${req.url}`);
      return reply.status(404).send(toErrorBody(e));
    }
    return reply.type('text/html').sendFile('index.html');
  });
  if (opts.webDist && fs.existsSync(opts.webDist)) {
    await app.register(fastifyStatic, { root: opts.webDist, wildcard: false, index: ['index.html'], maxAge: '1h' });
  }
  return app;
}
