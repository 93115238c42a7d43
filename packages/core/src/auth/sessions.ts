/**
 * Server-side sessions. The cookie carries a random token; the database keeps only its SHA-256, so a
 * leaked database does not yield live sessions. Each session has its own CSRF token.
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, UserRow } from '../db/schema';
import { AppError } from '../errors/app-error';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** last_seen_at is written at most this often, not on every request. */
const TOUCH_INTERVAL_MS = 5 * 60 * 1000;

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(db: Kysely<DB>, userId: string, meta: { ip: string; userAgent: string }): Promise<NewSession> {
  const token = crypto.randomBytes(32).toString('base64url');
  const csrfToken = crypto.randomBytes(24).toString('base64url');
  const now = new Date();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db
    .insertInto('sessions')
    .values({
      id_hash: sha256(token),
      user_id: userId,
      csrf_token: csrfToken,
      ip: meta.ip,
      user_agent: meta.userAgent.slice(0, 300),
      expires_at: expiresAt,
      last_seen_at: now,
    })
    .execute();
  return { token, csrfToken, expiresAt };
}

export interface ActiveSession {
  user: UserRow;
  csrfToken: string;
}

/** The session behind a cookie token, or an UNAUTHENTICATED / SESSION_EXPIRED error. */
export async function resolveSession(db: Kysely<DB>, token: string | undefined): Promise<ActiveSession> {
  if (!token) throw new AppError('UNAUTHENTICATED', 'no session cookie');
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select(['sessions.id_hash', 'sessions.csrf_token', 'sessions.expires_at', 'sessions.last_seen_at'])
    .where('sessions.id_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row) throw new AppError('UNAUTHENTICATED', 'unknown session token');
  const now = Date.now();
  if (new Date(row.expires_at).getTime() <= now) {
    await db.deleteFrom('sessions').where('id_hash', '=', row.id_hash).execute();
    throw new AppError('SESSION_EXPIRED', 'session expired');
  }
  if (row.disabled) throw new AppError('ACCOUNT_DISABLED', `user ${row.username} is disabled`);
  if (now - new Date(row.last_seen_at).getTime() > TOUCH_INTERVAL_MS) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(now), expires_at: new Date(now + SESSION_TTL_MS) })
      .where('id_hash', '=', row.id_hash)
      .execute();
  }
  const { id_hash: _h, csrf_token, expires_at: _e, last_seen_at: _l, ...user } = row;
  return { user: user as UserRow, csrfToken: csrf_token };
}

export async function destroySession(db: Kysely<DB>, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', sha256(token)).execute();
}

export async function destroyUserSessions(db: Kysely<DB>, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export function csrfTokensMatch(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}
