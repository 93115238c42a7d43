/**
 * 生成批注副本: the original pages with every submitted layer burned in, plus the 批示 summary, signed
 * (PAdES) by the agency so pdfsig verifies it. The sealed original is only read: its bytes and its
 * signature stay as they were, in the blob store and in every reader's hands.
 */
import { AppError, appendAudit, type Principal } from '@yizhan/core';
import { PDFDocument, PDFName } from 'pdf-lib';
import '../pdf-native-deflate';
import type { DocContext } from '../context';
import { signPdf } from '../seal/index';
import { agencySigner } from '../pki-access';
import { lockCirculation } from './access';
import { announce } from './announce';
import { formatDateTime } from './circulation-text';
import { verifyInstruction } from './instruction';
import { loadRoute, submittedLayers } from './load-route';
import { loadForClerk } from './manage-access';
import { burnLayers } from './render/burn-layers';
import { CjkText } from './render/cjk-text';
import { writeSummaryPages, type SummaryEntry } from './render/summary-page';

export interface AnnotatedCopy {
  sha256: string;
  size: number;
  pages: number;
  at: string;
}

/** Builds the unsigned annotated copy (exported for tests and the benchmark). */
export async function renderAnnotatedCopy(ctx: DocContext, circulationId: string, now = new Date()): Promise<{ pdf: Uint8Array; pages: number }> {
  const circ = await ctx.db.selectFrom('circulations').selectAll().where('id', '=', circulationId).executeTakeFirstOrThrow();
  const [original, route, agency, starter, outcomeAgency] = await Promise.all([
    ctx.platform.blobs.getBuffer(circ.pdf_sha256),
    loadRoute(ctx, circ.id),
    ctx.db.selectFrom('agencies').select('name').where('code', '=', circ.agency_code).executeTakeFirstOrThrow(),
    ctx.db.selectFrom('users').select('name').where('id', '=', circ.created_by).executeTakeFirstOrThrow(),
    circ.outcome_agency_code ? ctx.db.selectFrom('agencies').select('name').where('code', '=', circ.outcome_agency_code).executeTakeFirst() : undefined,
  ]);
  const layers = submittedLayers(route.tasks);

  const src = await PDFDocument.load(original, { updateMetadata: false });
  // Widgets (the seal's signature field) stay with the original: the copy carries only page content.
  for (const page of src.getPages()) page.node.delete(PDFName.of('Annots'));
  const out = await PDFDocument.create();
  out.setTitle(`${circ.title}（批注副本）`);
  out.setSubject(circ.doc_number);
  out.setAuthor(agency.name);
  out.setCreator('驿站 Yizhan');
  out.setProducer('驿站 Yizhan (pdf-lib)');
  out.setLanguage('zh-CN');
  const text = await CjkText.create(out);
  const copied = await out.copyPages(src, src.getPageIndices());
  const burn = layers.map((l) => ({ name: l.name, annotations: l.annotations ?? [] }));
  for (const [i, page] of copied.entries()) {
    out.addPage(page);
    await burnLayers(page, i + 1, burn, text);
  }

  const entries: SummaryEntry[] = [];
  for (const t of route.tasks.sort((a, b) => a.stepPosition - b.stepPosition)) {
    if (t.status === 'waiting') continue;
    const signature = t.signature_sha256 ? await verifyInstruction(ctx, await ctx.platform.blobs.getBuffer(t.signature_sha256), circ.pdf_sha256) : null;
    entries.push({
      stepPosition: t.stepPosition,
      name: t.name,
      title: t.title,
      status: t.status as SummaryEntry['status'],
      at: t.done_at ? formatDateTime(t.done_at) : null,
      circled: t.circled,
      instruction: t.instruction ?? '',
      transferNote: t.transfer_note,
      transferredToName: t.transferredToName,
      signature: signature && t.signature_sha256 ? { valid: signature.valid, signer: signature.signer, sha256: t.signature_sha256 } : null,
    });
  }
  const outcome =
    circ.outcome === 'done'
      ? `办结意见：已办结${circ.outcome_note ? `（${circ.outcome_note}）` : ''}`
      : circ.outcome === 'assign'
        ? `承办：${outcomeAgency?.name ?? circ.outcome_agency_code}${circ.outcome_note ? `（${circ.outcome_note}）` : ''}`
        : null;
  await writeSummaryPages(out, text, {
    title: circ.title,
    docNumber: circ.doc_number,
    fromAgencyName: circ.from_agency_name,
    agencyName: agency.name,
    startedBy: starter.name,
    startedAt: formatDateTime(circ.created_at),
    documentSha256: circ.pdf_sha256,
    entries,
    outcome,
    producedAt: formatDateTime(now),
  });
  // A classic cross-reference table: the agency's signature appends an incremental update to it.
  const pdf = await out.save({ useObjectStreams: false });
  return { pdf, pages: out.getPageCount() };
}

export async function produceAnnotatedCopy(ctx: DocContext, p: Principal, circulationId: string, ip?: string): Promise<AnnotatedCopy> {
  const circ = await loadForClerk(ctx, p, circulationId, '生成批注副本', ip);
  const at = new Date();
  const { pdf, pages } = await renderAnnotatedCopy(ctx, circ.id, at);
  const agency = await ctx.db.selectFrom('agencies').select('name').where('code', '=', circ.agency_code).executeTakeFirstOrThrow();
  const signed = await signPdf(pdf, await agencySigner(ctx, circ.agency_code), {
    reason: `传阅批注副本：${circ.title}`,
    name: agency.name,
    location: agency.name,
    signingTime: at,
  });
  const blob = await ctx.platform.blobs.put(signed);
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await lockCirculation(trx, circ.id);
    if (locked.annotated_at && new Date(locked.annotated_at) > at) throw new AppError('CONFLICT', 'a newer copy exists', { userMessage: '已有更新的批注副本' });
    await trx
      .updateTable('circulations')
      .set({ annotated_sha256: blob.sha256, annotated_size: blob.size, annotated_at: at, updated_at: at })
      .where('id', '=', circ.id)
      .execute();
    await appendAudit(trx, {
      actor: p.username,
      agencyCode: p.agencyCode,
      action: 'circulation.copy',
      targetType: 'circulation',
      targetId: circ.id,
      details: { sha256: blob.sha256, pages, documentSha256: circ.pdf_sha256 },
      ip,
    });
  });
  await announce(ctx, circ, { change: 'copy' });
  return { sha256: blob.sha256, size: blob.size, pages, at: at.toISOString() };
}
