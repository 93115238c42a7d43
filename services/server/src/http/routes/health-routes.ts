import type { FastifyInstance } from 'fastify';
import type { Platform } from '@yizhan/core';
import type { Health } from '@yizhan/protocol';

export function healthRoutes(platform: Platform) {
  return async (app: FastifyInstance) => {
    app.get('/health', async (_req, reply) => {
      const checks: Health['checks'] = {};
      const run = async (name: string, check: () => Promise<void>) => {
        try {
          await check();
          checks[name] = { ok: true };
        } catch (e) {
          checks[name] = { ok: false, error: e instanceof Error ? e.message : String(e) };
        }
      };
      await Promise.all([run('database', () => platform.database.check()), run('blobStore', () => platform.blobs.check())]);
      const ok = Object.values(checks).every((c) => c.ok);
      const body: Health = { status: ok ? 'ok' : 'degraded', checks };
      return reply.status(ok ? 200 : 503).send(body);
    });
  };
}
