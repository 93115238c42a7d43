/**
 * Password login with rate limiting. Failures are counted in the database (per username and per
 * client address, over a sliding window) so the limit holds across processes and restarts.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { AppError } from '../errors/app-error';
import { recordAudit } from '../audit/append-audit';
import { verifyPassword } from './passwords';
import { createSession, type NewSession } from './sessions';
import { principalOf, type Principal } from './principal';

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_USER = 5;
export const MAX_FAILURES_PER_IP = 30;

/** Verifies against a real hash when the user does not exist, so timing does not reveal usernames. */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$mDc3HKs8iLbWX9IOM8p5yA$ecp4Bx9sBTDgDt2zfS/Fox00vvrUPmgA/oEkrhdHmtg';

export interface LoginOptions {
  db: Kysely<DB>;
  username: string;
  password: string;
  ip: string;
  userAgent: string;
}

export async function login(opts: LoginOptions): Promise<{ session: NewSession; principal: Principal }> {
  const { db, ip } = opts;
  const username = opts.username.trim().toLowerCase();
  const since = new Date(Date.now() - LOGIN_WINDOW_MS);

  const [byUser, byIp] = await Promise.all([
    db.selectFrom('login_failures').select((eb) => eb.fn.countAll<number>().as('n')).where('username', '=', username).where('at', '>', since).executeTakeFirstOrThrow(),
    db.selectFrom('login_failures').select((eb) => eb.fn.countAll<number>().as('n')).where('ip', '=', ip).where('at', '>', since).executeTakeFirstOrThrow(),
  ]);
  if (Number(byUser.n) >= MAX_FAILURES_PER_USER || Number(byIp.n) >= MAX_FAILURES_PER_IP) {
    await recordAudit(db, { actor: username, action: 'auth.login.throttled', targetType: 'user', targetId: username, ip });
    throw new AppError('RATE_LIMITED', `login throttled for ${username} from ${ip}`, {
      userMessage: '登录失败次数过多，请15分钟后再试',
    });
  }

  const user = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  const ok = await verifyPassword(user?.password_hash ?? DUMMY_HASH, opts.password);
  if (!user || !ok) {
    await db.insertInto('login_failures').values({ username, ip, at: new Date() }).execute();
    await recordAudit(db, { actor: username, action: 'auth.login.failed', targetType: 'user', targetId: username, ip });
    throw new AppError('BAD_CREDENTIALS', `bad credentials for ${username}`);
  }
  if (user.disabled) {
    await recordAudit(db, { actor: username, agencyCode: user.agency_code, action: 'auth.login.disabled', targetType: 'user', targetId: username, ip });
    throw new AppError('ACCOUNT_DISABLED', `disabled user ${username} tried to log in`);
  }

  const session = await createSession(db, user.id, { ip, userAgent: opts.userAgent });
  await db.deleteFrom('login_failures').where('username', '=', username).execute();
  await recordAudit(db, { actor: username, agencyCode: user.agency_code, action: 'auth.login', targetType: 'user', targetId: username, ip });
  return { session, principal: principalOf(user) };
}
