/** Custom distribution lists (通讯组) and aliases; the directory-driven lists need no management. */
import { AppError, appendAudit } from '@yizhan/core';
import type { MailList } from '@yizhan/protocol';
import { asCoreTrx } from '../db/tables';
import type { MailContext } from '../mail-context';
import { agencyCodeOfDomain, autoListMembers, isLocalDomain, LEVEL_LISTS, splitAddress } from '../delivery/resolve-recipients';
import { findMailbox } from './find-mailbox';

async function addressFree(ctx: MailContext, address: string) {
  const { db } = ctx;
  const [box, alias, list] = await Promise.all([
    db.selectFrom('mail_mailboxes').select('id').where('address', '=', address).executeTakeFirst(),
    db.selectFrom('mail_aliases').select('address').where('address', '=', address).executeTakeFirst(),
    db.selectFrom('mail_lists').select('id').where('address', '=', address).executeTakeFirst(),
  ]);
  const auto = await autoListMembers(db, ctx.settings, address);
  if (box || alias || list || auto) throw new AppError('CONFLICT', `${address} is taken`, { userMessage: `地址“${address}”已被使用` });
  const { domain } = splitAddress(address);
  if (!isLocalDomain(domain, ctx.settings) || !agencyCodeOfDomain(domain, ctx.settings)) {
    throw new AppError('VALIDATION_FAILED', `${address} is not in our domain`, { userMessage: `地址须在本市邮件域名 ${ctx.settings.domain} 之下` });
  }
}

export async function createList(ctx: MailContext, o: { actor: string; address: string; name: string; members: string[]; ip?: string }) {
  const address = o.address.toLowerCase();
  await addressFree(ctx, address);
  await ctx.db.transaction().execute(async (trx) => {
    const list = await trx.insertInto('mail_lists').values({ address, name: o.name, created_by: o.actor }).returning('id').executeTakeFirstOrThrow();
    const members = [...new Set(o.members.map((m) => m.toLowerCase()))];
    await trx.insertInto('mail_list_members').values(members.map((m) => ({ list_id: list.id, address: m }))).execute();
    await appendAudit(asCoreTrx(trx), { actor: o.actor, action: 'mail.list.create', targetType: 'mail-list', targetId: address, details: { name: o.name, members: members.length }, ip: o.ip });
  });
}

export async function deleteList(ctx: MailContext, o: { actor: string; address: string; ip?: string }) {
  await ctx.db.transaction().execute(async (trx) => {
    const gone = await trx.deleteFrom('mail_lists').where('address', '=', o.address.toLowerCase()).returning('id').executeTakeFirst();
    if (!gone) throw new AppError('NOT_FOUND', `no list ${o.address}`, { userMessage: '通讯组不存在' });
    await appendAudit(asCoreTrx(trx), { actor: o.actor, action: 'mail.list.delete', targetType: 'mail-list', targetId: o.address, ip: o.ip });
  });
}

export async function listLists(ctx: MailContext): Promise<MailList[]> {
  const rows = await ctx.db.selectFrom('mail_lists').innerJoin('mail_list_members', 'mail_list_members.list_id', 'mail_lists.id').select(['mail_lists.address', 'mail_lists.name', 'mail_list_members.address as member']).orderBy('mail_lists.address').execute();
  const custom = new Map<string, MailList>();
  for (const r of rows) {
    const l = custom.get(r.address) ?? { address: r.address, name: r.name, kind: 'custom' as const, members: [] };
    l.members.push(r.member);
    custom.set(r.address, l);
  }
  const levels: MailList[] = Object.entries(LEVEL_LISTS).map(([local, l]) => ({ address: `${local}@${ctx.settings.domain}`, name: l.name, kind: 'agency-kind', members: [] }));
  return [...levels, ...custom.values()];
}

export async function addAlias(ctx: MailContext, o: { actor: string; alias: string; mailbox: string; ip?: string }) {
  const alias = o.alias.toLowerCase();
  const box = await findMailbox(ctx.db, o.mailbox);
  await addressFree(ctx, alias);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('mail_aliases').values({ address: alias, mailbox_id: box.id }).execute();
    await appendAudit(asCoreTrx(trx), { actor: o.actor, agencyCode: box.agency_code, action: 'mail.alias.add', targetType: 'mailbox', targetId: box.address, details: { alias }, ip: o.ip });
  });
}
