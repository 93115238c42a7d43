/** Who may read (and send as) a unit mailbox (单位邮箱). */
import { AppError, appendAudit } from '@yizhan/core';
import { asCoreTrx } from '../db/tables';
import type { MailContext } from '../mail-context';
import { findMailbox } from './find-mailbox';

async function sharedBox(ctx: MailContext, ref: string) {
  const box = await findMailbox(ctx.db, ref);
  if (box.kind !== 'shared') throw new AppError('VALIDATION_FAILED', `${box.address} is personal`, { userMessage: '个人邮箱不能授权给他人，只有单位邮箱可以' });
  return box;
}

async function userId(ctx: MailContext, username: string) {
  const user = await ctx.db.selectFrom('users').select(['id', 'username']).where('username', '=', username.trim().toLowerCase()).executeTakeFirst();
  if (!user) throw new AppError('NOT_FOUND', `no user ${username}`, { userMessage: `用户“${username}”不存在` });
  return user.id;
}

export async function grantMailbox(ctx: MailContext, o: { actor: string; mailbox: string; username: string; canSend: boolean; ip?: string }) {
  const box = await sharedBox(ctx, o.mailbox);
  const uid = await userId(ctx, o.username);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('mail_grants')
      .values({ mailbox_id: box.id, user_id: uid, can_send: o.canSend })
      .onConflict((oc) => oc.columns(['mailbox_id', 'user_id']).doUpdateSet({ can_send: o.canSend }))
      .execute();
    await appendAudit(asCoreTrx(trx), { actor: o.actor, agencyCode: box.agency_code, action: 'mail.grant', targetType: 'mailbox', targetId: box.address, details: { user: o.username, canSend: o.canSend }, ip: o.ip });
  });
}

export async function revokeMailbox(ctx: MailContext, o: { actor: string; mailbox: string; username: string; ip?: string }) {
  const box = await sharedBox(ctx, o.mailbox);
  const uid = await userId(ctx, o.username);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('mail_grants').where('mailbox_id', '=', box.id).where('user_id', '=', uid).execute();
    await appendAudit(asCoreTrx(trx), { actor: o.actor, agencyCode: box.agency_code, action: 'mail.grant.revoke', targetType: 'mailbox', targetId: box.address, details: { user: o.username }, ip: o.ip });
  });
}

export async function listGrants(ctx: MailContext, mailbox: string) {
  const box = await sharedBox(ctx, mailbox);
  const rows = await ctx.db
    .selectFrom('mail_grants')
    .innerJoin('users', 'users.id', 'mail_grants.user_id')
    .select(['users.username', 'users.name', 'mail_grants.can_send'])
    .where('mail_grants.mailbox_id', '=', box.id)
    .orderBy('users.username')
    .execute();
  return rows.map((r) => ({ username: r.username, name: r.name, canSend: r.can_send }));
}
