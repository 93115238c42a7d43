/** REST edge of 收文 and the incoming register. */
import type { FastifyInstance } from 'fastify';
import { AppError, clientIp, parse, principal } from '@yizhan/core';
import { ForwardSchema, IncomingQuerySchema, RegisterIncomingSchema, RegisterQuerySchema, ReturnDeliverySchema, type IncomingDetail } from '@yizhan/protocol';
import type { DocContext } from '../context';
import { getIncomingItem, listIncoming } from '../incoming/list-incoming';
import { openIncoming } from '../incoming/open-incoming';
import { signForDelivery } from '../incoming/sign-receipt';
import { returnDelivery } from '../incoming/return-delivery';
import { forwardIncoming, replyToIncoming } from '../incoming/forward-incoming';
import { registerIncoming } from '../register/register-incoming';
import { listRegister } from '../register/list-register';
import { registerToCsv, registerToXlsx } from '../register/export-register';
import { documentDetail } from '../documents/document-view';

export function incomingRoutes(ctx: DocContext) {
  async function detail(deliveryId: string, opened: Awaited<ReturnType<typeof openIncoming>>): Promise<IncomingDetail> {
    const item = await getIncomingItem(ctx, deliveryId);
    const register = await ctx.db
      .selectFrom('incoming_register')
      .innerJoin('users', 'users.id', 'incoming_register.registered_by')
      .selectAll('incoming_register')
      .select('users.name as registered_by_name')
      .where('delivery_id', '=', deliveryId)
      .executeTakeFirst();
    const { registerEntryDto } = await import('../register/register-entry');
    const m = opened.opened.manifest;
    return {
      ...item,
      verdict: opened.verdict,
      mainRecipients: m?.mainRecipients.map((r) => r.name) ?? [],
      ccRecipients: m?.ccRecipients.map((r) => r.name) ?? [],
      signer: m?.signer ?? '',
      issuedAt: m?.issuedAt ?? item.deliveredAt ?? new Date(0).toISOString(),
      files: (m?.files ?? []).filter((f) => opened.opened.files.has(f.path)).map((f) => ({ path: f.path, name: f.originalName, mediaType: f.mediaType, size: f.size })),
      returnReason: opened.delivery.return_reason,
      register: register ? registerEntryDto(register) : null,
    };
  }

  return async (app: FastifyInstance) => {
    app.get('/incoming', async (req) => listIncoming(ctx, principal(req), parse(IncomingQuerySchema, req.query)));

    app.get<{ Params: { id: string } }>('/incoming/:id', async (req) => {
      const opened = await openIncoming(ctx, principal(req), req.params.id, clientIp(req));
      return detail(req.params.id, opened);
    });

    /** A file of the package (document.pdf, attachments/01.pdf …), decrypted for viewing. */
    app.get<{ Params: { id: string; '*': string } }>('/incoming/:id/files/*', async (req, reply) => {
      const opened = await openIncoming(ctx, principal(req), req.params.id, clientIp(req));
      const path = req.params['*'];
      const entry = opened.opened.manifest?.files.find((f) => f.path === path);
      const bytes = opened.opened.files.get(path);
      if (!entry || !bytes) throw new AppError('NOT_FOUND', `no file ${path}`, { userMessage: '文件不存在' });
      return reply.type(entry.mediaType).header('x-yizhan-verdict', opened.verdict.ok ? 'ok' : 'failed').header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(entry.originalName)}`).send(bytes);
    });

    app.post<{ Params: { id: string } }>('/incoming/:id/sign', async (req) => {
      await signForDelivery(ctx, principal(req), req.params.id, clientIp(req));
      return getIncomingItem(ctx, req.params.id);
    });

    app.get<{ Params: { id: string } }>('/incoming/:id/receipt', async (req, reply) => {
      const opened = await openIncoming(ctx, principal(req), req.params.id, clientIp(req));
      if (!opened.delivery.receipt_sha256) throw new AppError('NOT_FOUND', 'no receipt', { userMessage: '尚未签收，没有回执' });
      return reply.type('application/pkcs7-signature').header('content-disposition', 'attachment; filename="receipt.p7s"').send(await ctx.platform.blobs.get(opened.delivery.receipt_sha256));
    });

    app.post<{ Params: { id: string } }>('/incoming/:id/return', async (req) => {
      const body = parse(ReturnDeliverySchema, req.body);
      await returnDelivery(ctx, principal(req), req.params.id, body.reason, clientIp(req));
      return getIncomingItem(ctx, req.params.id);
    });

    app.post<{ Params: { id: string } }>('/incoming/:id/register', async (req, reply) => {
      const body = parse(RegisterIncomingSchema, req.body ?? {});
      return reply.status(201).send(await registerIncoming(ctx, principal(req), req.params.id, body.proposal, clientIp(req)));
    });

    app.post<{ Params: { id: string } }>('/incoming/:id/forward', async (req, reply) => {
      const p = principal(req);
      const draft = await forwardIncoming(ctx, p, req.params.id, parse(ForwardSchema, req.body), clientIp(req));
      return reply.status(201).send(await documentDetail(ctx, draft, p));
    });

    app.post<{ Params: { id: string } }>('/incoming/:id/reply', async (req, reply) => {
      const p = principal(req);
      const draft = await replyToIncoming(ctx, p, req.params.id, clientIp(req));
      return reply.status(201).send(await documentDetail(ctx, draft, p));
    });

    app.get('/register', async (req, reply) => {
      const p = principal(req);
      const q = parse(RegisterQuerySchema, req.query);
      const entries = await listRegister(ctx, p, q);
      if (q.format === 'json') return { entries };
      const agency = await ctx.db.selectFrom('agencies').select('name').where('code', '=', p.agencyCode).executeTakeFirstOrThrow();
      const base = `${agency.name}收文登记簿${q.year ? `-${q.year}` : ''}`;
      if (q.format === 'csv') {
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(base)}.csv`).send(registerToCsv(entries));
      }
      const xlsx = await registerToXlsx(entries, base);
      return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(base)}.xlsx`).send(xlsx);
    });
  };
}
