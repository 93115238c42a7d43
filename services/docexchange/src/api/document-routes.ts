/** REST edge of 发文: validate, find the caller, call one use case. */
import type { FastifyInstance } from 'fastify';
import { AppError, clientIp, parse, principal } from '@yizhan/core';
import { CreateDraftSchema, DecisionSchema, DocumentListQuerySchema, DocumentSearchQuerySchema, SubmitDraftSchema, UpdateDraftSchema } from '@yizhan/protocol';
import type { DocContext } from '../context';
import { assertSenderAccess, notFound } from '../documents/access';
import { createDraft, updateDraft } from '../documents/draft-documents';
import { addAttachment, removeAttachment } from '../documents/attachments';
import { submitDraft } from '../documents/submit-draft';
import { reviewDraft } from '../documents/review-draft';
import { approveDocument } from '../documents/approve-document';
import { documentDetail } from '../documents/document-view';
import { listDocuments } from '../documents/list-documents';
import { searchDocuments } from '../documents/search-documents';
import { remindRecipients } from '../documents/remind-recipients';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function documentRoutes(ctx: DocContext) {
  async function load(id: string) {
    if (!UUID.test(id)) throw notFound();
    const doc = await ctx.db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
    if (!doc) throw notFound();
    return doc;
  }

  return async (app: FastifyInstance) => {
    app.get('/documents', async (req) => listDocuments(ctx, principal(req), parse(DocumentListQuerySchema, req.query)));
    app.get('/documents/search', async (req) => searchDocuments(ctx, principal(req), parse(DocumentSearchQuerySchema, req.query)));

    app.post('/documents', async (req, reply) => {
      const p = principal(req);
      const { replyToDocumentId, ...fields } = parse(CreateDraftSchema, req.body);
      const doc = await createDraft(ctx, p, fields, { replyToDocumentId, ip: clientIp(req) });
      return reply.status(201).send(await documentDetail(ctx, doc, p));
    });

    app.get<{ Params: { id: string } }>('/documents/:id', async (req) => {
      const p = principal(req);
      const doc = await load(req.params.id);
      await assertSenderAccess(ctx, p, doc, clientIp(req));
      return documentDetail(ctx, doc, p);
    });

    app.patch<{ Params: { id: string } }>('/documents/:id', async (req) => {
      const p = principal(req);
      const doc = await updateDraft(ctx, p, (await load(req.params.id)).id, parse(UpdateDraftSchema, req.body), clientIp(req));
      return documentDetail(ctx, doc, p);
    });

    // Attachments arrive as the raw request body (streamed), the name in X-File-Name (URI-encoded).
    app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
      scope.post<{ Params: { id: string } }>('/documents/:id/attachments', async (req, reply) => {
        const p = principal(req);
        const raw = req.headers['x-file-name'];
        let name: string;
        try {
          name = decodeURIComponent(typeof raw === 'string' ? raw : '');
        } catch {
          throw new AppError('VALIDATION_FAILED', 'bad X-File-Name', { userMessage: '附件文件名编码错误' });
        }
        const declared = Number(req.headers['content-length'] ?? 0);
        if (declared > 50 * 1024 * 1024) {
          throw new AppError('PAYLOAD_TOO_LARGE', `attachment of ${declared} bytes`, { userMessage: '附件不能超过50MB' });
        }
        const doc = await load(req.params.id);
        const att = await addAttachment(ctx, p, doc.id, { name, stream: req.body as NodeJS.ReadableStream as never }, clientIp(req));
        return reply.status(201).send(att);
      });
    });

    app.delete<{ Params: { id: string; attachmentId: string } }>('/documents/:id/attachments/:attachmentId', async (req) => {
      if (!UUID.test(req.params.attachmentId)) throw new AppError('NOT_FOUND', 'bad attachment id', { userMessage: '附件不存在' });
      await removeAttachment(ctx, principal(req), (await load(req.params.id)).id, req.params.attachmentId, clientIp(req));
      return { ok: true };
    });

    app.get<{ Params: { id: string; attachmentId: string } }>('/documents/:id/attachments/:attachmentId', async (req, reply) => {
      const p = principal(req);
      const doc = await load(req.params.id);
      await assertSenderAccess(ctx, p, doc, clientIp(req));
      const att = UUID.test(req.params.attachmentId) ? await ctx.db.selectFrom('document_attachments').selectAll().where('id', '=', req.params.attachmentId).where('document_id', '=', doc.id).executeTakeFirst() : undefined;
      if (!att) throw new AppError('NOT_FOUND', 'no attachment', { userMessage: '附件不存在' });
      return reply.type(att.media_type).header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(att.name)}`).send(await ctx.platform.blobs.get(att.sha256));
    });

    app.post<{ Params: { id: string } }>('/documents/:id/submit', async (req) => {
      const body = parse(SubmitDraftSchema, req.body);
      const p = principal(req);
      const doc = await load(req.params.id);
      await submitDraft(ctx, p, doc.id, { reviewer: body.reviewer, approver: body.approver, ip: clientIp(req) });
      return documentDetail(ctx, await load(doc.id), p);
    });

    app.post<{ Params: { id: string } }>('/documents/:id/review', async (req) => {
      const p = principal(req);
      const doc = await load(req.params.id);
      await reviewDraft(ctx, p, doc.id, parse(DecisionSchema, req.body), clientIp(req));
      return documentDetail(ctx, await load(doc.id), p);
    });

    app.post<{ Params: { id: string } }>('/documents/:id/approve', async (req) => {
      const p = principal(req);
      const doc = await load(req.params.id);
      await approveDocument(ctx, p, doc.id, parse(DecisionSchema, req.body), clientIp(req));
      return documentDetail(ctx, await load(doc.id), p);
    });

    app.post<{ Params: { id: string } }>('/documents/:id/remind', async (req) => {
      const reminded = await remindRecipients(ctx, principal(req), (await load(req.params.id)).id, clientIp(req));
      return { ok: true, reminded };
    });

    app.get<{ Params: { id: string } }>('/documents/:id/pdf', async (req, reply) => {
      const p = principal(req);
      const doc = await load(req.params.id);
      await assertSenderAccess(ctx, p, doc, clientIp(req));
      if (!doc.sealed_pdf_sha256) throw new AppError('NOT_FOUND', 'not sealed yet', { userMessage: '公文尚未签发用印' });
      return reply.type('application/pdf').header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(`${doc.doc_number} ${doc.title}.pdf`)}`).send(await ctx.platform.blobs.get(doc.sealed_pdf_sha256));
    });
  };
}
