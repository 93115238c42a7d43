/**
 * Opening an incoming document: decrypt the package with the receiving agency's key, verify the
 * manifest signature, every file's hash, the sealed PDF's signature and the certificate chain +
 * CRL, and that the package is the one this delivery recorded. A tampered package never passes.
 */
import { createHash } from 'node:crypto';
import type { Principal } from '@yizhan/core';
import type { Verdict } from '@yizhan/protocol';
import type { DocContext } from '../context';
import type { DeliveryRow } from '../db/tables';
import { openExchangePackage, type OpenedExchangePackage } from '../exchange/index';
import { verifyPdfSignatures } from '../seal/index';
import { agencySigner, cityTrust } from '../pki-access';
import { loadDelivery } from './load-delivery';

export interface OpenedIncoming {
  delivery: DeliveryRow;
  opened: OpenedExchangePackage;
  verdict: Verdict;
}

export async function openDeliveryPackage(ctx: DocContext, delivery: DeliveryRow): Promise<OpenedIncoming> {
  const doc = await ctx.db.selectFrom('documents').select(['id', 'doc_number', 'envelope_sha256', 'agency_code']).where('id', '=', delivery.document_id).executeTakeFirstOrThrow();
  const [envelope, recipient, trust] = await Promise.all([
    ctx.platform.blobs.getBuffer(doc.envelope_sha256!),
    agencySigner(ctx, delivery.recipient_code),
    cityTrust(ctx),
  ]);
  const opened = openExchangePackage(envelope, recipient, trust);
  const checks = [...opened.verdict.checks];
  const stored = createHash('sha256').update(envelope).digest('hex') === doc.envelope_sha256;
  checks.push({ name: 'stored-package-intact', ok: stored, ...(stored ? {} : { detail: 'the stored package does not match the hash recorded at dispatch' }) });
  const m = opened.manifest;
  const matches = !!m && m.documentId === doc.id && m.docNumber === doc.doc_number && m.senderAgencyCode === doc.agency_code;
  checks.push({ name: 'matches-record', ok: matches, ...(matches ? {} : { detail: 'the package names another document or sender' }) });
  const pdf = opened.files.get('document.pdf');
  if (pdf) {
    const v = verifyPdfSignatures(new Uint8Array(pdf), trust);
    const sig = v.signatures.at(-1); // the newest revision's signature
    checks.push({ name: 'pdf-signature', ok: v.valid, ...(v.valid ? {} : { detail: sig?.reason ?? 'no valid signature' }) });
    const byAgency = !!sig && sig.signerOrganizationUnit === doc.agency_code;
    checks.push({ name: 'pdf-signer-agency', ok: byAgency, ...(byAgency ? {} : { detail: `sealed by ${sig?.signerSubject ?? 'nobody'}` }) });
  } else {
    checks.push({ name: 'pdf-signature', ok: false, detail: 'no document.pdf in the package' });
  }
  return { delivery, opened, verdict: { ok: opened.verdict.ok && checks.every((c) => c.ok), checks } };
}

export async function openIncoming(ctx: DocContext, p: Principal, deliveryId: string, ip?: string): Promise<OpenedIncoming> {
  return openDeliveryPackage(ctx, await loadDelivery(ctx, p, deliveryId, ip));
}
