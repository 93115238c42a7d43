import type { FastifyInstance } from 'fastify';
import { AppError, getPerson, listAgencies, listPeople, recordAudit, type Platform, type Principal } from '@yizhan/core';
import { AuditQuerySchema, PersonQuerySchema } from '@yizhan/protocol';
import { clientIp, parse, principal } from '@yizhan/core';
import { auditEntryDto } from './audit-dto';

export function directoryRoutes(platform: Platform) {
  const { db } = platform;

  /**
   * An agency's own records (its audit trail here; its documents in later services) are for its own
   * staff and admins. A refusal is audited: someone looked where they should not.
   */
  async function assertOwnAgency(p: Principal, code: string, ip: string, what: string) {
    if (p.agencyCode === code || p.roles.includes('admin')) return;
    await recordAudit(db, { actor: p.username, agencyCode: p.agencyCode, action: 'access.denied', targetType: 'agency', targetId: code, details: { what }, ip });
    throw new AppError('FORBIDDEN', `${p.username} of ${p.agencyCode} asked for ${what} of ${code}`, { userMessage: '您无权查看其他单位的内部信息' });
  }

  return async (app: FastifyInstance) => {
    app.get('/directory/agencies', async () => ({ agencies: await listAgencies(db) }));

    app.get('/directory/users', async (req) => {
      const q = parse(PersonQuerySchema, req.query);
      return listPeople({ db, ...q });
    });

    app.get<{ Params: { username: string } }>('/directory/users/:username', async (req) => {
      const person = await getPerson(db, req.params.username);
      if (!person || person.disabled) throw new AppError('NOT_FOUND', `no user ${req.params.username}`, { userMessage: '该用户不存在' });
      return person;
    });

    app.get('/directory/venues', async () => {
      const rows = await db
        .selectFrom('venues')
        .leftJoin('users', 'users.id', 'venues.operator_user_id')
        .select(['venues.code', 'venues.name', 'venues.kind', 'venues.agency_code', 'users.username'])
        .orderBy('venues.sort_order')
        .execute();
      return { venues: rows.map((v) => ({ code: v.code, name: v.name, kind: v.kind as 'main' | 'county', agencyCode: v.agency_code, operatorUsername: v.username })) };
    });

    app.get<{ Params: { code: string } }>('/agencies/:code/audit', async (req) => {
      const p = principal(req);
      await assertOwnAgency(p, req.params.code, clientIp(req), 'audit');
      const q = parse(AuditQuerySchema, req.query);
      let query = db.selectFrom('audit_log').selectAll().where('agency_code', '=', req.params.code);
      if (q.before) query = query.where('seq', '<', q.before);
      const rows = await query.orderBy('seq', 'desc').limit(q.limit).execute();
      return { entries: rows.map(auditEntryDto) };
    });
  };
}
