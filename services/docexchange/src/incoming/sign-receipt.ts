/** 签收: the receiving clerk signs for a verified document; the signed receipt goes back to the sender. */
import { AppError, appendAudit, pushNotifications, storeNotifications, type Principal } from '@yizhan/core';
import type { DocContext } from '../context';
import { signReceipt } from '../exchange/index';
import { requireClerk } from '../documents/access';
import { agencySigner } from '../pki-access';
import { clerkIdsOf } from '../dispatch/agency-clerks';
import { openIncoming } from './open-incoming';
import { lockDelivery } from './load-delivery';

export async function signForDelivery(ctx: DocContext, p: Principal, deliveryId: string, ip?: string) {
  requireClerk(p, '签收公文');
  const { delivery, opened, verdict } = await openIncoming(ctx, p, deliveryId, ip);
  if (delivery.status !== 'delivered') throw new AppError('CONFLICT', `delivery ${deliveryId} is ${delivery.status}`, { userMessage: delivery.status === 'signed' ? '该公文已签收' : '该公文已退回' });
  if (!verdict.ok) {
    throw new AppError('CONFLICT', `refusing to sign for unverified delivery ${deliveryId}`, { userMessage: '公文验证未通过，不能签收；请退回发文单位', details: verdict.checks.filter((c) => !c.ok) });
  }
  const [agency, signer] = await Promise.all([
    ctx.db.selectFrom('agencies').select(['name']).where('code', '=', p.agencyCode).executeTakeFirstOrThrow(),
    agencySigner(ctx, p.agencyCode),
  ]);
  const signedAt = new Date();
  const receipt = signReceipt(
    {
      documentId: delivery.document_id,
      docNumber: opened.manifest!.docNumber,
      packageSha256: opened.packageSha256,
      receiverAgencyCode: p.agencyCode,
      receiverAgencyName: agency.name,
      signedBy: p.username,
      signedByName: p.name,
      signedAt: signedAt.toISOString(),
    },
    signer,
  );
  const blob = await ctx.platform.blobs.put(receipt);
  const { notes, senderCode } = await ctx.db.transaction().execute(async (trx) => {
    const current = await lockDelivery(trx, deliveryId);
    if (current.status !== 'delivered') throw new AppError('CONFLICT', `delivery ${deliveryId} changed to ${current.status}`, { userMessage: '该公文状态已变化，请刷新' });
    await trx.updateTable('deliveries').set({ status: 'signed', signed_at: signedAt, signed_by: p.userId, receipt_sha256: blob.sha256 }).where('id', '=', deliveryId).execute();
    await appendAudit(trx, { actor: p.username, agencyCode: p.agencyCode, action: 'delivery.sign', targetType: 'delivery', targetId: deliveryId, details: { documentId: delivery.document_id, receipt: blob.sha256, package: opened.packageSha256 }, ip });
    const doc = await trx.selectFrom('documents').select(['agency_code', 'title']).where('id', '=', delivery.document_id).executeTakeFirstOrThrow();
    const clerks = await clerkIdsOf(trx, [doc.agency_code]);
    const notes = await storeNotifications(trx, { userIds: clerks.get(doc.agency_code) ?? [], kind: 'delivery.signed', title: `已签收：${agency.name}`, body: doc.title, link: `/documents/${delivery.document_id}` });
    return { notes, senderCode: doc.agency_code };
  });
  pushNotifications(ctx.platform.realtime, notes);
  ctx.platform.realtime.toAgency(senderCode, 'delivery:updated', { documentId: delivery.document_id, deliveryId, agencyCode: p.agencyCode, status: 'signed' });
  ctx.platform.realtime.toAgency(p.agencyCode, 'todos:changed', { source: 'docexchange' });
  return { receiptSha256: blob.sha256, signedAt };
}
