import type { Kysely } from 'kysely';
import type { DB, UserUpdate } from '../db/schema';
import { appendAudit } from '../audit/append-audit';
import { AppError } from '../errors/app-error';
import { hashPassword, passwordProblem } from '../auth/passwords';
import { destroyUserSessions } from '../auth/sessions';
import type { Role } from './types';

export interface UpdateUserOptions {
  db: Kysely<DB>;
  actor: string;
  username: string;
  changes: { name?: string; title?: string; roles?: Role[]; disabled?: boolean };
  ip?: string;
}

/** Disabling a user also ends their sessions (the mail service refuses their SMTP AUTH by the same flag). */
export async function updateUser(opts: UpdateUserOptions) {
  const { changes } = opts;
  const set: UserUpdate = {};
  if (changes.name !== undefined) set.name = changes.name;
  if (changes.title !== undefined) set.title = changes.title;
  if (changes.roles !== undefined) set.roles = JSON.stringify(changes.roles);
  if (changes.disabled !== undefined) set.disabled = changes.disabled;
  return opts.db.transaction().execute(async (trx) => {
    const user = await trx.updateTable('users').set(set).where('username', '=', opts.username).returningAll().executeTakeFirst();
    if (!user) throw new AppError('NOT_FOUND', `no user ${opts.username}`, { userMessage: `用户“${opts.username}”不存在` });
    if (changes.disabled) await destroyUserSessions(trx, user.id);
    await appendAudit(trx, {
      actor: opts.actor,
      agencyCode: user.agency_code,
      action: changes.disabled === true ? 'user.disable' : changes.disabled === false ? 'user.enable' : 'user.update',
      targetType: 'user',
      targetId: opts.username,
      details: { changes },
      ip: opts.ip,
    });
    return user;
  });
}

export async function resetPassword(opts: { db: Kysely<DB>; actor: string; username: string; password: string; ip?: string }) {
  const problem = passwordProblem(opts.password);
  if (problem) throw new AppError('VALIDATION_FAILED', `weak password for ${opts.username}`, { userMessage: problem });
  const passwordHash = await hashPassword(opts.password);
  return opts.db.transaction().execute(async (trx) => {
    const user = await trx.updateTable('users').set({ password_hash: passwordHash }).where('username', '=', opts.username).returningAll().executeTakeFirst();
    if (!user) throw new AppError('NOT_FOUND', `no user ${opts.username}`, { userMessage: `用户“${opts.username}”不存在` });
    await destroyUserSessions(trx, user.id);
    await trx.deleteFrom('login_failures').where('username', '=', opts.username).execute();
    await appendAudit(trx, { actor: opts.actor, agencyCode: user.agency_code, action: 'user.reset-password', targetType: 'user', targetId: opts.username, ip: opts.ip });
    return user;
  });
}
