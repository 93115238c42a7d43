/**
 * Every /api request: find the session from the HttpOnly cookie; for state-changing methods, require
 * the session's CSRF token in the X-CSRF-Token header (the cookie alone proves nothing against CSRF).
 */
import type { FastifyInstance } from 'fastify';
import { AppError, csrfTokensMatch, principalOf, resolveSession, type Platform } from '@yizhan/core';
import { CSRF_HEADER, SESSION_COOKIE } from '@yizhan/protocol';

/** Routes that work without a session. */
const PUBLIC = new Set(['POST /api/auth/login', 'GET /api/health', 'GET /api/pki/ca.pem', 'GET /api/pki/crl.pem']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function installSessionHook(app: FastifyInstance, platform: Platform): void {
  app.addHook('preHandler', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    const route = `${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]}`;
    if (PUBLIC.has(route)) return;
    const token = req.cookies[SESSION_COOKIE];
    const session = await resolveSession(platform.db, token);
    if (!SAFE_METHODS.has(req.method)) {
      const given = req.headers[CSRF_HEADER];
      if (!csrfTokensMatch(session.csrfToken, typeof given === 'string' ? given : undefined)) {
        throw new AppError('CSRF_FAILED', `missing or wrong CSRF token on ${route}`);
      }
    }
    req.principal = principalOf(session.user);
    req.sessionToken = token;
  });
}
