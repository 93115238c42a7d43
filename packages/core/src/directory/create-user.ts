import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { appendAudit } from '../audit/append-audit';
import { AppError } from '../errors/app-error';
import { hashPassword, passwordProblem } from '../auth/passwords';
import { mailAddressOf } from './mail-address';
import type { Role } from './types';

export interface CreateUserOptions {
  db: Kysely<DB>;
  actor: string;
  mailDomain: string;
  username: string;
  name: string;
  agencyCode: string;
  roles: Role[];
  title: string;
  password: string;
  ip?: string;
}

export async function createUser(opts: CreateUserOptions) {
  const problem = passwordProblem(opts.password);
  if (problem) throw new AppError('VALIDATION_FAILED', `weak password for ${opts.username}`, { userMessage: problem });
  const passwordHash = await hashPassword(opts.password);
  return opts.db.transaction().execute(async (trx) => {
    const agency = await trx.selectFrom('agencies').select(['code', 'kind']).where('code', '=', opts.agencyCode).executeTakeFirst();
    if (!agency) throw new AppError('VALIDATION_FAILED', `unknown agency ${opts.agencyCode}`, { userMessage: `单位“${opts.agencyCode}”不存在` });
    const taken = await trx.selectFrom('users').select('id').where('username', '=', opts.username).executeTakeFirst();
    if (taken) throw new AppError('CONFLICT', `username ${opts.username} exists`, { userMessage: `用户名“${opts.username}”已被使用` });
    const mailAddress = mailAddressOf(opts.username, opts.agencyCode, opts.mailDomain);
    const user = await trx
      .insertInto('users')
      .values({
        username: opts.username,
        name: opts.name,
        agency_code: opts.agencyCode,
        roles: JSON.stringify(opts.roles),
        title: opts.title,
        mail_address: mailAddress,
        password_hash: passwordHash,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actor: opts.actor,
      agencyCode: opts.agencyCode,
      action: 'user.create',
      targetType: 'user',
      targetId: opts.username,
      details: { name: opts.name, roles: opts.roles, mailAddress },
      ip: opts.ip,
    });
    return user;
  });
}
