/**
 * From an issued (numbered) document to queued deliveries: layout per GB/T 9704 → seal + PAdES
 * signature with the agency's certificate → exchange package (manifest signed by the agency) → one
 * CMS envelope for all recipient agencies (those on an issuance worker thread, issued-files.ts) →
 * blobs → deliveries + outbox in one transaction.
 * Idempotent: only a document still 'issuing' is completed, so a restart can simply run it again.
 */
import { appendAudit } from '@yizhan/core';
import type { DraftFields, RichText } from '@yizhan/protocol';
import type { DocContext } from '../context';
import { agencySigner, recipientCertificates } from '../pki-access';
import { chinaDateText, dateTextFromIso } from './numbering';
import { richTextToBlocks } from './rich-text';

const EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'application/ofd': 'ofd',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'image/png': 'png',
  'image/jpeg': 'jpg',
};

export async function completeIssuance(ctx: DocContext, id: string): Promise<boolean> {
  const { db, platform } = ctx;
  const doc = await db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
  if (!doc || doc.status !== 'issuing') return false;
  const fields = doc.fields as DraftFields;
  const recipientCodes = [...fields.mainRecipients, ...fields.ccRecipients];
  const [agencyRows, attachments] = await Promise.all([
    db.selectFrom('agencies').selectAll().where('code', 'in', [doc.agency_code, ...recipientCodes]).execute(),
    db.selectFrom('document_attachments').selectAll().where('document_id', '=', id).orderBy('position').execute(),
  ]);
  const byCode = new Map(agencyRows.map((r) => [r.code, r]));
  const agency = byCode.get(doc.agency_code);
  if (!agency) throw new Error(`completeIssuance: sender agency ${doc.agency_code} of document ${id} not found`);
  const issuedAt = new Date(doc.issued_at!);
  const dateText = fields.documentDate ? dateTextFromIso(fields.documentDate) : chinaDateText(issuedAt);

  const [signer, recipientCertPems, attachmentFiles] = await Promise.all([
    agencySigner(ctx, agency.code),
    recipientCertificates(ctx, recipientCodes),
    Promise.all(
      attachments.map(async (a, i) => ({
        path: `attachments/${String(i + 1).padStart(2, '0')}.${EXTENSIONS[a.media_type] ?? 'bin'}`,
        bytes: await platform.blobs.getBuffer(a.sha256),
        mediaType: a.media_type,
        originalName: a.name,
      })),
    ),
  ]);
  const ref = (c: string) => ({ code: c, name: byCode.get(c)?.name ?? c });
  const { pdf, tar, envelope } = await ctx.issuance.produce({
    content: {
      copyNumber: fields.copyNumber,
      urgency: fields.urgency,
      agencyMark: fields.agencyMark || agency.name,
      docNumber: doc.doc_number!,
      upward: fields.upward ? { signers: [doc.signer_name ?? ''] } : undefined,
      title: fields.title,
      mainRecipients: fields.mainRecipients.map((c) => byCode.get(c)?.name ?? c),
      body: richTextToBlocks(fields.body as RichText),
      attachments: attachments.map((a) => a.name.replace(/\.[A-Za-z0-9]+$/, '')),
      signatureName: fields.signatureName || agency.name,
      date: dateText,
      note: fields.note,
      ccRecipients: fields.ccRecipients.map((c) => byCode.get(c)?.name ?? c),
      printingAgency: fields.printingAgency || `${agency.name}办公室`,
      printingDate: chinaDateText(issuedAt),
    },
    seal: { agencyName: agency.name, reason: `${agency.name}电子公文签章`, location: doc.doc_number! },
    signer,
    manifest: {
      documentId: doc.id,
      docNumber: doc.doc_number!,
      title: fields.title,
      senderAgencyCode: agency.code,
      senderAgencyName: agency.name,
      classification: '非密',
      urgency: fields.urgency,
      mainRecipients: fields.mainRecipients.map(ref),
      ccRecipients: fields.ccRecipients.map(ref),
      issuedAt: issuedAt.toISOString(),
      signer: doc.signer_name ?? '',
    },
    pdfName: `${doc.doc_number} ${fields.title}.pdf`,
    attachments: attachmentFiles,
    recipientCertPems,
  });
  const [pdfBlob, tarBlob, envelopeBlob] = await Promise.all([platform.blobs.put(pdf), platform.blobs.put(tar), platform.blobs.put(envelope)]);

  const queued = await db.transaction().execute(async (trx) => {
    // Only from 'issuing': a concurrent run that got here first leaves nothing to update (the row
    // lock makes this one wait for it and then see its 'dispatched').
    const claimed = await trx
      .updateTable('documents')
      .set({ status: 'dispatched', sealed_pdf_sha256: pdfBlob.sha256, package_sha256: tarBlob.sha256, envelope_sha256: envelopeBlob.sha256, updated_at: new Date() })
      .where('id', '=', id)
      .where('status', '=', 'issuing')
      .executeTakeFirst();
    if (claimed.numUpdatedRows === 0n) return false; // another run completed it
    // One delivery per recipient and its outbox row, in one statement.
    await trx
      .with('queued', (db) =>
        db
          .insertInto('deliveries')
          .values([
            ...fields.mainRecipients.map((c) => ({ document_id: id, recipient_code: c, kind: 'main' })),
            ...fields.ccRecipients.map((c) => ({ document_id: id, recipient_code: c, kind: 'cc' })),
          ])
          .returning('id'),
      )
      .insertInto('doc_outbox')
      .columns(['delivery_id'])
      .expression((eb) => eb.selectFrom('queued').select('queued.id'))
      .execute();
    await appendAudit(trx, {
      actor: 'system',
      agencyCode: doc.agency_code,
      action: 'document.seal-and-dispatch',
      targetType: 'document',
      targetId: id,
      details: { docNumber: doc.doc_number, pdf: pdfBlob.sha256, envelope: envelopeBlob.sha256, recipients: recipientCodes.length },
    });
    return true;
  });
  if (queued) {
    platform.realtime.toAgency(doc.agency_code, 'document:updated', { documentId: id, status: 'dispatched' });
    ctx.kickDispatcher();
  }
  return queued;
}
