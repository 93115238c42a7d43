/**
 * 发起传阅: the clerk routes a received document (signed for by the agency) or one the agency issued
 * itself to readers — steps in order, readers of a step in parallel — and the first step starts.
 */
import { AppError, appendAudit, type Principal } from '@yizhan/core';
import type { StartCirculation } from '@yizhan/protocol';
import type { DocContext } from '../context';
import { assertSenderAccess, notFound, requireClerk } from '../documents/access';
import { loadDelivery } from '../incoming/load-delivery';
import { openDeliveryPackage } from '../incoming/open-incoming';
import { resolveReaders } from './access';
import { activateStep } from './route';
import { announce } from './announce';

interface SourceDocument {
  documentId: string;
  deliveryId: string | null;
  title: string;
  docNumber: string;
  urgency: string;
  fromAgencyName: string;
  pdfSha256: string;
}

const uniqueViolation = (e: unknown) => (e as { code?: string }).code === '23505';

async function sourceOf(ctx: DocContext, p: Principal, source: StartCirculation['source'], ip?: string): Promise<SourceDocument> {
  if (source.kind === 'delivery') {
    const delivery = await loadDelivery(ctx, p, source.deliveryId, ip);
    if (delivery.status !== 'signed') throw new AppError('CONFLICT', `delivery ${delivery.id} is ${delivery.status}`, { userMessage: '请先签收再传阅' });
    const { opened, verdict } = await openDeliveryPackage(ctx, delivery);
    const pdf = opened.files.get('document.pdf');
    if (!verdict.ok || !pdf) throw new AppError('CONFLICT', `delivery ${delivery.id} does not verify`, { userMessage: '公文验证未通过，不能传阅' });
    const doc = await ctx.db
      .selectFrom('documents')
      .innerJoin('agencies', 'agencies.code', 'documents.agency_code')
      .select(['documents.id', 'documents.title', 'documents.doc_number', 'documents.urgency', 'agencies.name'])
      .where('documents.id', '=', delivery.document_id)
      .executeTakeFirstOrThrow();
    // The sealed original as received, bytes untouched: what the readers see and every signature names.
    const blob = await ctx.platform.blobs.put(pdf);
    return {
      documentId: doc.id,
      deliveryId: delivery.id,
      title: doc.title,
      docNumber: doc.doc_number ?? '',
      urgency: doc.urgency,
      fromAgencyName: doc.name,
      pdfSha256: blob.sha256,
    };
  }
  const doc = await ctx.db.selectFrom('documents').selectAll().where('id', '=', source.documentId).executeTakeFirst();
  if (!doc) throw notFound();
  await assertSenderAccess(ctx, p, doc, ip);
  if (doc.status !== 'dispatched' || !doc.sealed_pdf_sha256)
    throw new AppError('CONFLICT', `document ${doc.id} is ${doc.status}`, { userMessage: '只有已印发（已签章）的公文可以传阅' });
  const agency = await ctx.db.selectFrom('agencies').select('name').where('code', '=', doc.agency_code).executeTakeFirstOrThrow();
  return {
    documentId: doc.id,
    deliveryId: null,
    title: doc.title,
    docNumber: doc.doc_number ?? '',
    urgency: doc.urgency,
    fromAgencyName: agency.name,
    pdfSha256: doc.sealed_pdf_sha256,
  };
}

export async function startCirculation(ctx: DocContext, p: Principal, input: StartCirculation, ip?: string): Promise<string> {
  requireClerk(p, '发起传阅');
  const now = new Date();
  for (const s of input.steps) {
    if (s.deadline && new Date(s.deadline) <= now) throw new AppError('VALIDATION_FAILED', 'deadline in the past', { userMessage: '阅办期限应晚于当前时间' });
  }
  const src = await sourceOf(ctx, p, input.source, ip);
  const readers = await resolveReaders(
    ctx.db,
    p.agencyCode,
    input.steps.flatMap((s) => s.readers),
  );
  try {
    const { id, effects } = await ctx.db.transaction().execute(async (trx) => {
      const circ = await trx
        .insertInto('circulations')
        .values({
          agency_code: p.agencyCode,
          source_kind: input.source.kind,
          delivery_id: src.deliveryId,
          document_id: src.documentId,
          title: src.title,
          doc_number: src.docNumber,
          urgency: src.urgency,
          from_agency_name: src.fromAgencyName,
          pdf_sha256: src.pdfSha256,
          status: 'running',
          note: input.note,
          created_by: p.userId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const steps = [];
      for (const [i, s] of input.steps.entries()) {
        const step = await trx
          .insertInto('circulation_steps')
          .values({ circulation_id: circ.id, position: i + 1, status: 'pending', deadline_at: s.deadline ? new Date(s.deadline) : null })
          .returningAll()
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('circulation_tasks')
          .values(s.readers.map((u) => ({ circulation_id: circ.id, step_id: step.id, user_id: readers.get(u)!.id, status: 'waiting' })))
          .execute();
        steps.push(step);
      }
      await appendAudit(trx, {
        actor: p.username,
        agencyCode: p.agencyCode,
        action: 'circulation.start',
        targetType: 'circulation',
        targetId: circ.id,
        details: {
          source: input.source,
          documentId: src.documentId,
          documentSha256: src.pdfSha256,
          route: input.steps.map((s) => ({ readers: s.readers, deadline: s.deadline ?? null })),
          note: input.note,
        },
        ip,
      });
      const effects = await activateStep(trx, circ, steps[0], now);
      return { id: circ.id, effects };
    });
    await announce(
      ctx,
      { id, agency_code: p.agencyCode, outcome_agency_code: null },
      { change: 'started', notes: effects.notes, todoUsers: effects.todoUsers },
    );
    return id;
  } catch (e) {
    if (uniqueViolation(e))
      throw new AppError('CONFLICT', `document ${src.documentId} already circulates in ${p.agencyCode}`, {
        userMessage: '该公文正在传阅中，请在原传阅中增加步骤',
      });
    throw e;
  }
}
