/** 拟稿: create and edit drafts (the GB/T 9704 fields), by clerks and staff of the agency. */
import { AppError, appendAudit, type Principal } from '@yizhan/core';
import type { DraftFields, RichText } from '@yizhan/protocol';
import type { DocContext } from '../context';
import type { Transaction } from 'kysely';
import type { DocDB, DocumentRow } from '../db/tables';
import { isClerkOrStaff, notFound } from './access';
import { richTextToPlain } from './rich-text';
import { validateDraft } from './validate-draft';

const searchText = (f: Pick<DraftFields, 'title' | 'body'>) => `${f.title}\n${richTextToPlain(f.body as RichText)}`.slice(0, 100_000);

export async function createDraft(ctx: DocContext, p: Principal, fields: DraftFields, opts: { replyToDocumentId?: string; ip?: string } = {}): Promise<DocumentRow> {
  if (!isClerkOrStaff(p)) throw new AppError('FORBIDDEN', `${p.username} may not draft`, { userMessage: '只有收发员或承办人可以拟稿' });
  await validateDraft(ctx, p, fields, opts.ip);
  return ctx.db.transaction().execute(async (trx) => {
    const doc = await trx
      .insertInto('documents')
      .values({
        agency_code: p.agencyCode,
        status: 'draft',
        title: fields.title,
        urgency: fields.urgency,
        classification: fields.classification,
        fields: JSON.stringify(fields),
        main_recipients: JSON.stringify(fields.mainRecipients),
        cc_recipients: JSON.stringify(fields.ccRecipients),
        drafter_id: p.userId,
        reviewer_id: null,
        approver_id: null,
        signer_name: null,
        doc_year: null,
        doc_seq: null,
        doc_number: null,
        issued_at: null,
        sealed_pdf_sha256: null,
        package_sha256: null,
        envelope_sha256: null,
        reply_to_document_id: opts.replyToDocumentId ?? null,
        search_text: searchText(fields),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, { actor: p.username, agencyCode: p.agencyCode, action: 'document.draft', targetType: 'document', targetId: doc.id, details: { title: fields.title }, ip: opts.ip });
    return doc;
  });
}

/** Loads a draft the caller may edit, locking it for the rest of the transaction. */
export async function lockEditableDraft(trx: Transaction<DocDB>, p: Principal, id: string): Promise<DocumentRow> {
  const doc = await trx.selectFrom('documents').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!doc || doc.agency_code !== p.agencyCode) throw notFound();
  if (doc.status !== 'draft') throw new AppError('CONFLICT', `document ${id} is ${doc.status}, not a draft`, { userMessage: '公文已提交，不能再修改' });
  if (doc.drafter_id !== p.userId && !p.roles.includes('clerk')) throw new AppError('FORBIDDEN', `${p.username} is not the drafter`, { userMessage: '只有拟稿人或收发员可以修改草稿' });
  return doc;
}

export async function updateDraft(ctx: DocContext, p: Principal, id: string, changes: Partial<DraftFields>, ip?: string): Promise<DocumentRow> {
  await validateDraft(ctx, p, changes, ip);
  return ctx.db.transaction().execute(async (trx) => {
    const doc = await lockEditableDraft(trx, p, id);
    const fields = { ...(doc.fields as DraftFields), ...changes };
    const updated = await trx
      .updateTable('documents')
      .set({
        title: fields.title,
        urgency: fields.urgency,
        classification: fields.classification,
        fields: JSON.stringify(fields),
        main_recipients: JSON.stringify(fields.mainRecipients),
        cc_recipients: JSON.stringify(fields.ccRecipients),
        search_text: searchText(fields),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, { actor: p.username, agencyCode: p.agencyCode, action: 'document.edit', targetType: 'document', targetId: id, details: { fields: Object.keys(changes) }, ip });
    return updated;
  });
}
