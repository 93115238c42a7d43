/**
 * Who may read and send as which mailbox: everyone their own; a unit mailbox (单位邮箱) the users
 * granted to it (the agency's clerks by default). A refused access is audited.
 */
import { AppError, recordAudit, type Principal } from '@yizhan/core';
import { asCoreDb, type MailKysely, type MailboxRow } from '../db/tables';

export interface AccessibleMailbox {
  mailbox: MailboxRow;
  canSend: boolean;
}

export async function accessibleMailboxes(db: MailKysely, userId: string): Promise<AccessibleMailbox[]> {
  const [own, shared] = await Promise.all([
    db.selectFrom('mail_mailboxes').selectAll().where('user_id', '=', userId).execute(),
    db
      .selectFrom('mail_grants')
      .innerJoin('mail_mailboxes', 'mail_mailboxes.id', 'mail_grants.mailbox_id')
      .selectAll('mail_mailboxes')
      .select('mail_grants.can_send')
      .where('mail_grants.user_id', '=', userId)
      .orderBy('mail_mailboxes.address')
      .execute(),
  ]);
  return [...own.map((m) => ({ mailbox: m, canSend: true })), ...shared.map(({ can_send, ...m }) => ({ mailbox: m as MailboxRow, canSend: can_send }))];
}

/** The user's own mailbox. It exists from the moment the user does (see the migration's trigger). */
export async function ownMailbox(db: MailKysely, userId: string): Promise<MailboxRow> {
  const box = await db.selectFrom('mail_mailboxes').selectAll().where('user_id', '=', userId).executeTakeFirst();
  if (!box) throw new AppError('NOT_FOUND', `user ${userId} has no mailbox`, { userMessage: '您的邮箱尚未开通，请联系系统管理员' });
  return box;
}

export async function requireMailbox(db: MailKysely, p: Principal, mailboxId: string, opts: { send?: boolean; ip?: string } = {}): Promise<AccessibleMailbox> {
  const found = (await accessibleMailboxes(db, p.userId)).find((m) => m.mailbox.id === mailboxId);
  if (found && (!opts.send || found.canSend)) return found;
  await recordAudit(asCoreDb(db), {
    actor: p.username,
    agencyCode: p.agencyCode,
    action: 'access.denied',
    targetType: 'mailbox',
    targetId: mailboxId,
    details: { what: opts.send ? 'mail.send-as' : 'mail.read' },
    ip: opts.ip,
  });
  throw new AppError('FORBIDDEN', `${p.username} may not ${opts.send ? 'send as' : 'read'} mailbox ${mailboxId}`, {
    userMessage: opts.send ? '您无权以该邮箱的名义发信' : '您无权查看该邮箱',
  });
}

/** Every address the user may put in MAIL FROM / From: their own, their aliases, unit mailboxes granted with send. */
export async function sendableAddresses(db: MailKysely, userId: string): Promise<Map<string, MailboxRow>> {
  const boxes = (await accessibleMailboxes(db, userId)).filter((m) => m.canSend).map((m) => m.mailbox);
  const map = new Map<string, MailboxRow>(boxes.map((b) => [b.address, b]));
  if (boxes.length) {
    const aliases = await db.selectFrom('mail_aliases').select(['address', 'mailbox_id']).where('mailbox_id', 'in', boxes.map((b) => b.id)).execute();
    for (const a of aliases) map.set(a.address, boxes.find((b) => b.id === a.mailbox_id)!);
  }
  return map;
}

/** Users who read a mailbox: its owner, or everyone granted a unit mailbox. */
export async function readersOf(db: MailKysely, mailboxIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (mailboxIds.length === 0) return map;
  const [owners, grants] = await Promise.all([
    db.selectFrom('mail_mailboxes').select(['id', 'user_id']).where('id', 'in', mailboxIds).where('user_id', 'is not', null).execute(),
    db.selectFrom('mail_grants').select(['mailbox_id', 'user_id']).where('mailbox_id', 'in', mailboxIds).execute(),
  ]);
  const add = (box: string, user: string) => map.set(box, [...(map.get(box) ?? []), user]);
  for (const o of owners) add(o.id, o.user_id!);
  for (const g of grants) add(g.mailbox_id, g.user_id);
  return map;
}
