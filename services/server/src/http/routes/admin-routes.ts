import type { FastifyInstance } from 'fastify';
import {
  AppError,
  createAgency,
  createUser,
  getPerson,
  issueAgencyCertificate,
  issueUserCertificateFor,
  listCertificates,
  listPeople,
  recordAudit,
  resetPassword,
  revokeCertificate,
  updateAgency,
  updateUser,
  verifyAuditChain,
  agencyDto,
  certificateDto,
  type Platform,
} from '@yizhan/core';
import {
  AuditQuerySchema,
  CertificateQuerySchema,
  CreateAgencyRequestSchema,
  CreateUserRequestSchema,
  IssueCertificateRequestSchema,
  PersonQuerySchema,
  ResetPasswordRequestSchema,
  RevokeCertificateRequestSchema,
  UpdateAgencyRequestSchema,
  UpdateUserRequestSchema,
} from '@yizhan/protocol';
import { clientIp, parse, principal } from '@yizhan/core';
import { auditEntryDto } from './audit-dto';

/** 系统管理: agencies, users, certificates, audit. Admins only; a refused call is audited. */
export function adminRoutes(platform: Platform) {
  const { db, masterKey } = platform;
  const mailDomain = platform.config.mailDomain;

  return async (app: FastifyInstance) => {
    app.addHook('preHandler', async (req) => {
      if (!req.url.startsWith('/api/admin/')) return;
      const p = principal(req);
      if (p.roles.includes('admin')) return;
      await recordAudit(db, { actor: p.username, agencyCode: p.agencyCode, action: 'access.denied', targetType: 'admin', targetId: `${req.method} ${req.routeOptions.url}`, ip: clientIp(req) });
      throw new AppError('FORBIDDEN', `${p.username} is not an admin`, { userMessage: '仅系统管理员可以进行此操作' });
    });

    const actorOf = (req: Parameters<typeof principal>[0]) => ({ actor: principal(req).username, ip: clientIp(req) });
    const personOrThrow = async (username: string) => {
      const person = await getPerson(db, username);
      if (!person) throw new AppError('NOT_FOUND', `no user ${username}`);
      return person;
    };

    app.post('/admin/agencies', async (req, reply) => {
      const body = parse(CreateAgencyRequestSchema, req.body);
      const row = await createAgency({ db, mailDomain, agency: body, ...actorOf(req) });
      return reply.status(201).send(agencyDto(row));
    });

    app.patch<{ Params: { code: string } }>('/admin/agencies/:code', async (req) => {
      const changes = parse(UpdateAgencyRequestSchema, req.body);
      return agencyDto(await updateAgency({ db, code: req.params.code, changes, ...actorOf(req) }));
    });

    app.get('/admin/users', async (req) => {
      const q = parse(PersonQuerySchema, req.query);
      return listPeople({ db, ...q, includeDisabled: true });
    });

    app.post('/admin/users', async (req, reply) => {
      const body = parse(CreateUserRequestSchema, req.body);
      const user = await createUser({ db, mailDomain, ...body, ...actorOf(req) });
      return reply.status(201).send(await personOrThrow(user.username));
    });

    app.patch<{ Params: { username: string } }>('/admin/users/:username', async (req) => {
      const changes = parse(UpdateUserRequestSchema, req.body);
      if (changes.disabled && req.params.username === principal(req).username) {
        throw new AppError('VALIDATION_FAILED', 'admin tried to disable themself', { userMessage: '不能停用自己的账号' });
      }
      const user = await updateUser({ db, username: req.params.username, changes, ...actorOf(req) });
      return personOrThrow(user.username);
    });

    app.post<{ Params: { username: string } }>('/admin/users/:username/reset-password', async (req) => {
      const body = parse(ResetPasswordRequestSchema, req.body);
      await resetPassword({ db, username: req.params.username, password: body.password, ...actorOf(req) });
      return { ok: true };
    });

    app.get('/admin/certificates', async (req) => listCertificates({ db, ...parse(CertificateQuerySchema, req.query) }));

    app.post('/admin/certificates', async (req, reply) => {
      const body = parse(IssueCertificateRequestSchema, req.body);
      const row =
        body.kind === 'agency'
          ? await issueAgencyCertificate({ db, masterKey, agencyCode: body.agencyCode, ...actorOf(req) })
          : await issueUserCertificateFor({ db, masterKey, username: body.username, ...actorOf(req) });
      const username = body.kind === 'user' ? body.username : null;
      return reply.status(201).send(certificateDto({ ...row, username }));
    });

    app.post<{ Params: { id: string } }>('/admin/certificates/:id/revoke', async (req) => {
      const body = parse(RevokeCertificateRequestSchema, req.body);
      if (!/^[0-9a-f-]{36}$/.test(req.params.id)) throw new AppError('NOT_FOUND', `bad certificate id ${req.params.id}`, { userMessage: '证书不存在' });
      const row = await revokeCertificate({ db, masterKey, id: req.params.id, reason: body.reason, ...actorOf(req) });
      const user = row.user_id ? await db.selectFrom('users').select('username').where('id', '=', row.user_id).executeTakeFirst() : undefined;
      return certificateDto({ ...row, username: user?.username ?? null });
    });

    app.get('/admin/audit', async (req) => {
      const q = parse(AuditQuerySchema, req.query);
      let query = db.selectFrom('audit_log').selectAll();
      if (q.before) query = query.where('seq', '<', q.before);
      return { entries: (await query.orderBy('seq', 'desc').limit(q.limit).execute()).map(auditEntryDto) };
    });

    app.get('/admin/audit/verify', async () => verifyAuditChain(db));
  };
}
