/** Admin side of mail (/api/mail/admin/*, 系统管理员 only): DKIM record, quotas, unit-mailbox grants, lists, the queue. */
import type { FastifyInstance } from 'fastify';
import { clientIp, parse, principal, requireRole } from '@yizhan/core';
import { CreateMailListSchema, GrantSchema, SetQuotaSchema, type DkimRecord } from '@yizhan/protocol';
import type { MailContext } from '../mail-context';
import { ensureDkimKey, dkimDnsRecord } from '../delivery/dkim-key';
import { setQuota } from '../admin/set-quota';
import { grantMailbox, listGrants, revokeMailbox } from '../admin/manage-grants';
import { createList, deleteList, listLists } from '../admin/manage-lists';
import { outboundStatus } from '../admin/outbound-status';

export function mailAdminRoutes(ctx: MailContext) {
  return async (app: FastifyInstance) => {
    app.addHook('preHandler', async (req) => requireRole(principal(req), 'admin'));

    app.get('/mail/admin/dkim', async (): Promise<DkimRecord> => {
      const key = await ensureDkimKey(ctx.db, ctx.platform.masterKey, ctx.settings);
      return { selector: key.selector, domain: key.domain, ...dkimDnsRecord(key) };
    });
    app.put<{ Params: { mailbox: string } }>('/mail/admin/mailboxes/:mailbox/quota', async (req) => {
      const { quotaMb } = parse(SetQuotaSchema, req.body);
      return setQuota(ctx, { actor: principal(req).username, mailbox: req.params.mailbox, quotaMb, ip: clientIp(req) });
    });
    app.get<{ Params: { mailbox: string } }>('/mail/admin/mailboxes/:mailbox/grants', async (req) => ({ grants: await listGrants(ctx, req.params.mailbox) }));
    app.post<{ Params: { mailbox: string } }>('/mail/admin/mailboxes/:mailbox/grants', async (req) => {
      const g = parse(GrantSchema, req.body);
      await grantMailbox(ctx, { actor: principal(req).username, mailbox: req.params.mailbox, username: g.username, canSend: g.canSend, ip: clientIp(req) });
      return { grants: await listGrants(ctx, req.params.mailbox) };
    });
    app.delete<{ Params: { mailbox: string; username: string } }>('/mail/admin/mailboxes/:mailbox/grants/:username', async (req) => {
      await revokeMailbox(ctx, { actor: principal(req).username, mailbox: req.params.mailbox, username: req.params.username, ip: clientIp(req) });
      return { grants: await listGrants(ctx, req.params.mailbox) };
    });
    app.get('/mail/admin/lists', async () => ({ lists: await listLists(ctx) }));
    app.post('/mail/admin/lists', async (req, reply) => {
      const l = parse(CreateMailListSchema, req.body);
      await createList(ctx, { actor: principal(req).username, ...l, ip: clientIp(req) });
      return reply.status(201).send({ lists: await listLists(ctx) });
    });
    app.delete<{ Params: { address: string } }>('/mail/admin/lists/:address', async (req) => {
      await deleteList(ctx, { actor: principal(req).username, address: req.params.address, ip: clientIp(req) });
      return { ok: true };
    });
    app.get('/mail/admin/outbound', async () => outboundStatus(ctx));
  };
}
