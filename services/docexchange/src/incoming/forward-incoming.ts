/**
 * 转发 and 答复 start from an incoming document and produce a new draft of the caller's agency,
 * which then goes through review and 签发 like any other. A forward carries the original sealed PDF
 * unchanged as its attachment, so it stays verifiable down the line.
 */
import { AppError, appendAudit, type Principal } from '@yizhan/core';
import { DraftFieldsSchema } from '@yizhan/protocol';
import type { DocContext } from '../context';
import { createDraft } from '../documents/draft-documents';
import { plainToRichText } from '../documents/rich-text';
import { loadDelivery } from './load-delivery';

async function sourceOf(ctx: DocContext, p: Principal, deliveryId: string, ip?: string) {
  const delivery = await loadDelivery(ctx, p, deliveryId, ip);
  if (delivery.status !== 'signed') throw new AppError('CONFLICT', `delivery ${deliveryId} is ${delivery.status}`, { userMessage: '请先签收再转发或答复' });
  const doc = await ctx.db
    .selectFrom('documents')
    .innerJoin('agencies', 'agencies.code', 'documents.agency_code')
    .select(['documents.id', 'documents.title', 'documents.doc_number', 'documents.urgency', 'documents.sealed_pdf_sha256', 'documents.agency_code', 'agencies.name as sender_name', 'agencies.short_name as sender_short'])
    .where('documents.id', '=', delivery.document_id)
    .executeTakeFirstOrThrow();
  return { delivery, doc };
}

export async function forwardIncoming(ctx: DocContext, p: Principal, deliveryId: string, to: { mainRecipients: string[]; ccRecipients: string[] }, ip?: string) {
  const { doc } = await sourceOf(ctx, p, deliveryId, ip);
  const fields = DraftFieldsSchema.parse({
    urgency: doc.urgency,
    title: `关于转发${doc.sender_short}《${doc.title}》的通知`,
    mainRecipients: to.mainRecipients,
    ccRecipients: to.ccRecipients,
    body: plainToRichText(`现将${doc.sender_name}《${doc.title}》（${doc.doc_number}）转发给你们，请结合实际，认真贯彻执行。`),
  });
  const draft = await createDraft(ctx, p, fields, { ip });
  const pdf = await ctx.platform.blobs.stat(doc.sealed_pdf_sha256!);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('document_attachments')
      .values({ document_id: draft.id, position: 1, name: `${doc.doc_number} ${doc.title}.pdf`, media_type: 'application/pdf', size: pdf!.size, sha256: doc.sealed_pdf_sha256! })
      .execute();
    await appendAudit(trx, { actor: p.username, agencyCode: p.agencyCode, action: 'document.forward', targetType: 'document', targetId: draft.id, details: { source: doc.id, sourceDelivery: deliveryId }, ip });
  });
  return draft;
}

export async function replyToIncoming(ctx: DocContext, p: Principal, deliveryId: string, ip?: string) {
  const { doc } = await sourceOf(ctx, p, deliveryId, ip);
  const fields = DraftFieldsSchema.parse({
    urgency: doc.urgency,
    title: `关于《${doc.title}》的复函`,
    mainRecipients: [doc.agency_code],
    body: plainToRichText(`${doc.sender_name}：\n你单位《${doc.title}》（${doc.doc_number}）收悉。现函复如下：`),
  });
  return createDraft(ctx, p, fields, { replyToDocumentId: doc.id, ip });
}
