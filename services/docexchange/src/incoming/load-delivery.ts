import type { Principal } from '@yizhan/core';
import type { Transaction } from 'kysely';
import type { DocContext } from '../context';
import type { DeliveryRow, DocDB } from '../db/tables';
import { assertRecipientAccess, notFound } from '../documents/access';

/** A delivery to the caller's agency (403 + audit for another agency's, 404 when there is none). */
export async function loadDelivery(ctx: DocContext, p: Principal, deliveryId: string, ip?: string): Promise<DeliveryRow> {
  if (!/^[0-9a-f-]{36}$/i.test(deliveryId)) throw notFound('delivery');
  const delivery = await ctx.db.selectFrom('deliveries').selectAll().where('id', '=', deliveryId).executeTakeFirst();
  if (!delivery || delivery.status === 'pending') throw notFound('delivery');
  await assertRecipientAccess(ctx, p, delivery, ip);
  return delivery;
}

export async function lockDelivery(trx: Transaction<DocDB>, deliveryId: string): Promise<DeliveryRow> {
  const row = await trx.selectFrom('deliveries').selectAll().where('id', '=', deliveryId).forUpdate().executeTakeFirst();
  if (!row) throw notFound('delivery');
  return row;
}
