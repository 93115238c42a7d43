/**
 * 附件: uploaded to a draft, checked by content (not by the name the browser sent): PDF, OFD, DOCX,
 * PNG, JPEG; corrupt or disguised files are refused before anything is stored in the database.
 */
import type { Readable } from 'node:stream';
import { AppError, appendAudit, type Principal } from '@yizhan/core';
import { MAX_ATTACHMENT_BYTES } from '@yizhan/protocol';
import type { DocContext } from '../context';
import { lockEditableDraft } from './draft-documents';

export function sniffMediaType(head: Buffer, name: string): string | null {
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    const lower = name.toLowerCase();
    if (lower.endsWith('.ofd')) return 'application/ofd';
    if (lower.endsWith('.docx')) return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  }
  return null;
}

/** A PDF must at least end with %%EOF near its end and hold an xref or xref stream; catches truncated uploads. */
function looksCompletePdf(bytes: Buffer): boolean {
  const tail = bytes.subarray(Math.max(0, bytes.length - 2048)).toString('latin1');
  return tail.includes('%%EOF') && (bytes.includes('startxref') || bytes.includes('/XRef'));
}

function zipHas(bytes: Buffer, entry: string): boolean {
  return bytes.includes(Buffer.from(entry, 'latin1'));
}

export async function addAttachment(ctx: DocContext, p: Principal, documentId: string, upload: { name: string; stream: Readable }, ip?: string) {
  const name = upload.name.trim().replace(/[\\/]/g, '_').slice(0, 200);
  if (!name) throw new AppError('VALIDATION_FAILED', 'attachment without a name', { userMessage: '附件缺少文件名' });
  // Buffer with a hard cap: a 200 MB upload is cut off at the limit, nothing is stored.
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of upload.stream) {
    size += chunk.length;
    if (size > MAX_ATTACHMENT_BYTES) {
      upload.stream.destroy();
      throw new AppError('PAYLOAD_TOO_LARGE', `attachment over ${MAX_ATTACHMENT_BYTES} bytes`, { userMessage: `附件不能超过${MAX_ATTACHMENT_BYTES / 1024 / 1024}MB` });
    }
    chunks.push(chunk as Buffer);
  }
  const bytes = Buffer.concat(chunks);
  const mediaType = sniffMediaType(bytes.subarray(0, 16), name);
  const bad = (why: string) => new AppError('VALIDATION_FAILED', `attachment ${name} refused: ${why}`, { userMessage: `附件“${name}”${why}` });
  if (!mediaType) throw bad('不是支持的格式（仅支持PDF、OFD、DOCX、PNG、JPEG）');
  if (mediaType === 'application/pdf' && !looksCompletePdf(bytes)) throw bad('文件已损坏或不完整');
  if (mediaType === 'application/ofd' && !zipHas(bytes, 'OFD.xml')) throw bad('不是有效的OFD文件');
  if (mediaType.includes('wordprocessingml') && !zipHas(bytes, 'word/')) throw bad('不是有效的DOCX文件');

  const blob = await ctx.platform.blobs.put(bytes);
  return ctx.db.transaction().execute(async (trx) => {
    await lockEditableDraft(trx, p, documentId);
    const last = await trx.selectFrom('document_attachments').select((eb) => eb.fn.max('position').as('m')).where('document_id', '=', documentId).executeTakeFirst();
    const row = await trx
      .insertInto('document_attachments')
      .values({ document_id: documentId, position: Number(last?.m ?? 0) + 1, name, media_type: mediaType, size: blob.size, sha256: blob.sha256 })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, { actor: p.username, agencyCode: p.agencyCode, action: 'document.attach', targetType: 'document', targetId: documentId, details: { name, sha256: blob.sha256, size: blob.size }, ip });
    return { id: row.id, name: row.name, mediaType: row.media_type, size: Number(row.size), sha256: row.sha256 };
  });
}

export async function removeAttachment(ctx: DocContext, p: Principal, documentId: string, attachmentId: string, ip?: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await lockEditableDraft(trx, p, documentId);
    const gone = await trx.deleteFrom('document_attachments').where('id', '=', attachmentId).where('document_id', '=', documentId).returning('name').executeTakeFirst();
    if (!gone) throw new AppError('NOT_FOUND', `attachment ${attachmentId}`, { userMessage: '附件不存在' });
    await appendAudit(trx, { actor: p.username, agencyCode: p.agencyCode, action: 'document.detach', targetType: 'document', targetId: documentId, details: { name: gone.name }, ip });
  });
}
