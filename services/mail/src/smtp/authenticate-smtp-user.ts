/**
 * SMTP AUTH: the directory password, the same failure counting as the web login (so guessing over
 * SMTP is throttled too), and a disabled account refused — its mail is kept, it just cannot log in.
 */
import { LOGIN_WINDOW_MS, MAX_FAILURES_PER_USER, recordAudit, verifyPassword, type Principal, principalOf } from '@yizhan/core';
import { asCoreDb, type MailKysely } from '../db/tables';
import { reply } from './smtp-reply';

export async function authenticateSmtpUser(db: MailKysely, opts: { login: string; password: string; ip: string }): Promise<Principal> {
  const login = opts.login.trim().toLowerCase();
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where((eb) => (login.includes('@') ? eb('mail_address', '=', login) : eb('username', '=', login)))
    .executeTakeFirst();
  const username = user?.username ?? login;
  const since = new Date(Date.now() - LOGIN_WINDOW_MS);
  const failures = await db
    .selectFrom('login_failures')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('username', '=', username)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  if (Number(failures.n) >= MAX_FAILURES_PER_USER) {
    await recordAudit(asCoreDb(db), { actor: username, action: 'mail.auth.throttled', targetType: 'user', targetId: username, ip: opts.ip });
    throw reply(454, '4.7.0 Too many failed logins, try again in 15 minutes');
  }
  const ok = user ? await verifyPassword(user.password_hash, opts.password) : false;
  if (!user || !ok) {
    await db.insertInto('login_failures').values({ username, ip: opts.ip, at: new Date() }).execute();
    await recordAudit(asCoreDb(db), { actor: username, action: 'mail.auth.failed', targetType: 'user', targetId: username, ip: opts.ip });
    throw reply(535, '5.7.8 Authentication credentials invalid');
  }
  if (user.disabled) {
    await recordAudit(asCoreDb(db), {
      actor: username,
      agencyCode: user.agency_code,
      action: 'mail.auth.disabled',
      targetType: 'user',
      targetId: username,
      ip: opts.ip,
    });
    throw reply(535, '5.7.8 Account disabled');
  }
  await recordAudit(asCoreDb(db), { actor: username, agencyCode: user.agency_code, action: 'mail.auth', targetType: 'user', targetId: username, ip: opts.ip });
  return principalOf(user);
}
