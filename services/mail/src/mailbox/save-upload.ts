/** An attachment or inline image uploaded while composing: bytes to the blob store, a row that says whose it is. */
import { AppError, type Principal } from '@yizhan/core';
import type { Upload } from '@yizhan/protocol';
import type { MailContext } from '../mail-context';
import { oneLine } from '../delivery/parse-message';

export async function saveUpload(ctx: MailContext, o: { principal: Principal; bytes: Buffer; filename: string; contentType: string }): Promise<Upload> {
  if (o.bytes.length === 0) throw new AppError('VALIDATION_FAILED', 'empty upload', { userMessage: '不能上传空文件' });
  if (o.bytes.length > ctx.settings.maxMessageBytes) throw new AppError('PAYLOAD_TOO_LARGE', 'upload too large', { userMessage: `附件不能超过 ${Math.floor(ctx.settings.maxMessageBytes / 1024 / 1024)} MB` });
  const filename = oneLine(o.filename).slice(0, 200) || '附件';
  const contentType = /^[\w.+-]+\/[\w.+-]+$/.test(o.contentType) ? o.contentType.toLowerCase() : 'application/octet-stream';
  const blob = await ctx.platform.blobs.put(o.bytes);
  const row = await ctx.db
    .insertInto('mail_uploads')
    .values({ user_id: o.principal.userId, sha256: blob.sha256, filename, content_type: contentType, size: blob.size })
    .returning(['id', 'filename', 'content_type', 'size'])
    .executeTakeFirstOrThrow();
  return { id: row.id, filename: row.filename, contentType: row.content_type, size: row.size };
}

export async function loadUploads(ctx: MailContext, p: Principal, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await ctx.db.selectFrom('mail_uploads').selectAll().where('id', 'in', ids).where('user_id', '=', p.userId).execute();
  if (rows.length !== new Set(ids).size) throw new AppError('NOT_FOUND', 'unknown upload', { userMessage: '附件已失效，请重新上传' });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)!);
}
