import type { FastifyInstance, FastifyReply } from 'fastify';
import { destroySession, login, SESSION_TTL_MS, recordAudit, resolveSession, type Platform, type Principal } from '@yizhan/core';
import { LoginRequestSchema, SESSION_COOKIE, type SessionInfo } from '@yizhan/protocol';
import { clientIp, parse, principal } from '@yizhan/core';

export function authRoutes(platform: Platform) {
  const { db } = platform;

  async function sessionInfo(p: Principal, csrfToken: string): Promise<SessionInfo> {
    const row = await db
      .selectFrom('users')
      .innerJoin('agencies', 'agencies.code', 'users.agency_code')
      .select(['users.id', 'users.title', 'users.mail_address', 'agencies.name as agency_name'])
      .where('users.id', '=', p.userId)
      .executeTakeFirstOrThrow();
    return {
      user: { id: p.userId, username: p.username, name: p.name, title: row.title, roles: p.roles, agencyCode: p.agencyCode, agencyName: row.agency_name, mailAddress: row.mail_address },
      csrfToken,
    };
  }

  const setCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: platform.config.http.secureCookies,
      maxAge: Math.floor(SESSION_TTL_MS / 1000),
    });

  return async (app: FastifyInstance) => {
    app.post('/auth/login', async (req, reply) => {
      const body = parse(LoginRequestSchema, req.body);
      const { session, principal: p } = await login({ db, username: body.username, password: body.password, ip: clientIp(req), userAgent: req.headers['user-agent'] ?? '' });
      setCookie(reply, session.token);
      return sessionInfo(p, session.csrfToken);
    });

    app.get('/auth/me', async (req) => {
      const session = await resolveSession(db, req.sessionToken);
      return sessionInfo(principal(req), session.csrfToken);
    });

    app.post('/auth/logout', async (req, reply) => {
      const p = principal(req);
      if (req.sessionToken) await destroySession(db, req.sessionToken);
      await recordAudit(db, { actor: p.username, agencyCode: p.agencyCode, action: 'auth.logout', targetType: 'user', targetId: p.username, ip: clientIp(req) });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    });
  };
}
