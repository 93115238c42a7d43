/** REST edge of 政务邮件 (/api/mail/*): validate, find the caller, call one use case. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import { AppError, clientIp, parse, principal } from '@yizhan/core';
import {
  AddressQuerySchema,
  CreateFolderSchema,
  DeleteEntriesSchema,
  MessageQuerySchema,
  MoveEntriesSchema,
  RenameFolderSchema,
  SaveDraftSchema,
  SearchQuerySchema,
  SendRequestSchema,
  SetFlagsSchema,
  ThreadListQuerySchema,
  UPLOAD_FILENAME_HEADER,
  type MailServerInfo,
} from '@yizhan/protocol';
import type { MailContext } from '../mail-context';
import type { SmtpPorts } from '../smtp/smtp-listeners';
import { listMailboxes } from '../mailbox/list-mailboxes';
import { listThreads } from '../mailbox/list-threads';
import { readMessage } from '../mailbox/read-message';
import { readThread } from '../mailbox/read-thread';
import { deleteEntries, moveEntries, setFlags } from '../mailbox/update-entries';
import { createFolder, deleteFolder, renameFolder } from '../mailbox/manage-folders';
import { searchMessages } from '../search/search-messages';
import { saveUpload } from '../mailbox/save-upload';
import { sendMessage } from '../mailbox/send-message';
import { deleteDraft, getDraft, listDrafts, saveDraft } from '../mailbox/manage-drafts';
import { suggestAddresses } from '../mailbox/suggest-addresses';
import { loadEntry } from '../mailbox/load-entry';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const notFound = () => new AppError('NOT_FOUND', 'bad id', { userMessage: '要访问的邮件内容不存在' });
const id = (v: string) => {
  if (!UUID.test(v)) throw notFound();
  return v.toLowerCase();
};

/** Types a browser may show inline from our origin; everything else downloads. */
const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf']);

function sendBlob(reply: FastifyReply, stream: Readable, o: { filename: string; contentType: string; size: number; inline: boolean }) {
  const type = o.contentType.toLowerCase();
  const inline = o.inline && INLINE_TYPES.has(type);
  reply
    .type(inline || type === 'application/pdf' ? type : 'application/octet-stream')
    .header('content-length', String(o.size))
    .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(o.filename)}`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, max-age=3600');
  // Nothing served from our origin may run script; Chromium's PDF viewer does not open in a sandboxed document.
  if (type !== 'application/pdf') reply.header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox");
  return reply.send(stream);
}

export function mailRoutes(ctx: MailContext, ports: () => SmtpPorts) {
  return async (app: FastifyInstance) => {
    app.get('/mail/server-info', async (): Promise<MailServerInfo> => {
      const p = ports();
      return {
        domain: ctx.settings.domain,
        hostname: ctx.settings.hostname,
        submissionPort: p.submission,
        mxPort: p.mx,
        maxMessageBytes: ctx.settings.maxMessageBytes,
        dkim: { selector: ctx.settings.dkimSelector, domain: ctx.settings.domain },
      };
    });

    app.get('/mail/mailboxes', async (req) => listMailboxes(ctx, principal(req)));

    app.post<{ Params: { mailboxId: string } }>('/mail/mailboxes/:mailboxId/folders', async (req, reply) => {
      const { name } = parse(CreateFolderSchema, req.body);
      return reply.status(201).send(await createFolder(ctx, { principal: principal(req), mailboxId: id(req.params.mailboxId), name }));
    });
    app.patch<{ Params: { folderId: string } }>('/mail/folders/:folderId', async (req) => {
      const { name } = parse(RenameFolderSchema, req.body);
      await renameFolder(ctx, { principal: principal(req), folderId: id(req.params.folderId), name });
      return { ok: true };
    });
    app.delete<{ Params: { folderId: string } }>('/mail/folders/:folderId', async (req) => {
      await deleteFolder(ctx, { principal: principal(req), folderId: id(req.params.folderId) });
      return { ok: true };
    });

    app.get<{ Params: { mailboxId: string; folderId: string } }>('/mail/mailboxes/:mailboxId/folders/:folderId/threads', async (req) => {
      const q = parse(ThreadListQuerySchema, req.query);
      return listThreads(ctx, { principal: principal(req), mailboxId: id(req.params.mailboxId), folderId: id(req.params.folderId), ...q });
    });

    app.get<{ Params: { mailboxId: string } }>('/mail/mailboxes/:mailboxId/search', async (req) => {
      const q = parse(SearchQuerySchema, req.query);
      return searchMessages(ctx, { principal: principal(req), mailboxId: id(req.params.mailboxId), ...q });
    });

    app.get<{ Params: { entryId: string } }>('/mail/entries/:entryId', async (req) => {
      const q = parse(MessageQuerySchema, req.query);
      return readMessage(ctx, { principal: principal(req), entryId: id(req.params.entryId), allowRemoteImages: q.images === '1' });
    });
    app.get<{ Params: { entryId: string } }>('/mail/entries/:entryId/thread', async (req) => readThread(ctx, { principal: principal(req), entryId: id(req.params.entryId) }));

    app.get<{ Params: { entryId: string; index: string } }>('/mail/entries/:entryId/attachments/:index', async (req, reply) => {
      const { message } = await loadEntry(ctx.db, principal(req), id(req.params.entryId));
      const index = Number(req.params.index);
      const a = Number.isInteger(index) ? await ctx.db.selectFrom('mail_attachments').selectAll().where('message_id', '=', message.id).where('idx', '=', index).executeTakeFirst() : undefined;
      if (!a) throw new AppError('NOT_FOUND', 'no attachment', { userMessage: '附件不存在' });
      const download = (req.query as { download?: string }).download === '1';
      return sendBlob(reply, await ctx.platform.blobs.get(a.sha256), { filename: a.filename, contentType: a.content_type, size: a.size, inline: !download });
    });
    app.get<{ Params: { entryId: string } }>('/mail/entries/:entryId/raw', async (req, reply) => {
      const { message } = await loadEntry(ctx.db, principal(req), id(req.params.entryId));
      return sendBlob(reply, await ctx.platform.blobs.get(message.raw_sha256), { filename: `${message.subject || 'message'}.eml`, contentType: 'message/rfc822', size: message.raw_size, inline: false });
    });

    app.post('/mail/entries/flags', async (req) => ({ changed: await setFlags(ctx, { principal: principal(req), ...parse(SetFlagsSchema, req.body) }) }));
    app.post('/mail/entries/move', async (req) => ({ changed: await moveEntries(ctx, { principal: principal(req), ...parse(MoveEntriesSchema, req.body) }) }));
    app.post('/mail/entries/delete', async (req) => ({ changed: await deleteEntries(ctx, { principal: principal(req), ...parse(DeleteEntriesSchema, req.body) }) }));

    app.post('/mail/send', async (req, reply) => {
      const compose = parse(SendRequestSchema, req.body);
      return reply.status(201).send(await sendMessage(ctx, { principal: principal(req), compose, ip: clientIp(req) }));
    });

    app.get<{ Params: { mailboxId: string } }>('/mail/mailboxes/:mailboxId/drafts', async (req) => ({ drafts: await listDrafts(ctx, { principal: principal(req), mailboxId: id(req.params.mailboxId) }) }));
    app.post('/mail/drafts', async (req, reply) => reply.status(201).send(await saveDraft(ctx, { principal: principal(req), body: parse(SaveDraftSchema, req.body) })));
    app.get<{ Params: { draftId: string } }>('/mail/drafts/:draftId', async (req) => getDraft(ctx, { principal: principal(req), draftId: id(req.params.draftId) }));
    app.put<{ Params: { draftId: string } }>('/mail/drafts/:draftId', async (req) => saveDraft(ctx, { principal: principal(req), draftId: id(req.params.draftId), body: parse(SaveDraftSchema, req.body) }));
    app.delete<{ Params: { draftId: string } }>('/mail/drafts/:draftId', async (req) => {
      await deleteDraft(ctx, { principal: principal(req), draftId: id(req.params.draftId) });
      return { ok: true };
    });

    app.get('/mail/addresses', async (req) => {
      const q = parse(AddressQuerySchema, req.query);
      return { suggestions: await suggestAddresses(ctx, q) };
    });

    app.get<{ Params: { uploadId: string } }>('/mail/uploads/:uploadId', async (req, reply) => {
      const u = await ctx.db.selectFrom('mail_uploads').selectAll().where('id', '=', id(req.params.uploadId)).where('user_id', '=', principal(req).userId).executeTakeFirst();
      if (!u) throw notFound();
      return sendBlob(reply, await ctx.platform.blobs.get(u.sha256), { filename: u.filename, contentType: u.content_type, size: u.size, inline: true });
    });

    // Uploads arrive as the raw request body; the name in X-File-Name (URI-encoded).
    await app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: ctx.settings.maxMessageBytes }, (_req, body, done) => done(null, body));
      scope.post('/mail/uploads', async (req, reply) => {
        const raw = req.headers[UPLOAD_FILENAME_HEADER];
        let filename: string;
        try {
          filename = decodeURIComponent(typeof raw === 'string' ? raw : '');
        } catch {
          throw new AppError('VALIDATION_FAILED', 'bad file name header', { userMessage: '附件文件名编码错误' });
        }
        const body = req.body;
        if (!Buffer.isBuffer(body)) throw new AppError('VALIDATION_FAILED', 'no upload body', { userMessage: '请选择要上传的文件' });
        const contentType = (req.headers['content-type'] ?? 'application/octet-stream').split(';')[0].trim();
        return reply.status(201).send(await saveUpload(ctx, { principal: principal(req), bytes: body, filename, contentType }));
      });
    });
  };
}
