/**
 * Loads a DirectorySpec (the demo city, or a site's own directory file) into an empty database in
 * one transaction. Demo users share one password hash: argon2 per user would take ~45 s for 900
 * users, and the demo password is printed on the console anyway; `yizhan users reset-password`
 * gives any account its own.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { appendAudit } from '../audit/append-audit';
import { lockForTransaction } from '../db/advisory-lock';
import { AppError } from '../errors/app-error';
import { hashPassword } from '../auth/passwords';
import { agencyMailAddress, mailAddressOf } from './mail-address';
import type { AgencySpec, DirectorySpec } from './types';

export interface SeedDirectoryOptions {
  db: Kysely<DB>;
  spec: DirectorySpec;
  mailDomain: string;
  password: string;
  actor: string;
  /** Delete every row first (yizhan seed --reset). */
  reset?: boolean;
}

/**
 * Tables emptied by a reset, children first; later issues' tables go in front. The audit log is
 * append-only and stays; the city CA (root and intermediate certificates) stays too, so trust stores
 * that hold it remain valid.
 */
export const RESETTABLE_TABLES = ['notifications', 'sessions', 'login_failures', 'venues'] as const;

export async function seedDirectory(opts: SeedDirectoryOptions): Promise<{ agencies: number; users: number; venues: number }> {
  const passwordHash = await hashPassword(opts.password);
  const agencies = parentsFirst(opts.spec.agencies);
  return opts.db.transaction().execute(async (trx) => {
    await lockForTransaction(trx, 'seed-directory'); // two servers starting at once on one database seed once
    if (opts.reset) {
      for (const table of RESETTABLE_TABLES) await trx.deleteFrom(table).execute();
      await trx.deleteFrom('certificates').where('kind', 'not in', ['root', 'intermediate']).execute();
      await trx.deleteFrom('users').execute();
      await trx.deleteFrom('agencies').execute();
    } else {
      const existing = await trx.selectFrom('agencies').select('code').limit(1).executeTakeFirst();
      if (existing) throw new AppError('CONFLICT', 'directory already seeded', { userMessage: '数据库中已有通讯录数据；如需重建请使用 --reset' });
    }
    for (const chunk of chunks(agencies, 200)) {
      await trx
        .insertInto('agencies')
        .values(
          chunk.map((a) => ({
            code: a.code,
            name: a.name,
            short_name: a.shortName,
            parent_code: a.parentCode,
            kind: a.kind,
            doc_prefix: a.docPrefix,
            sort_order: a.sortOrder,
            mail_address: agencyMailAddress(a.code, opts.mailDomain),
          })),
        )
        .execute();
    }
    const ids = new Map<string, string>();
    for (const chunk of chunks(opts.spec.users, 300)) {
      const rows = await trx
        .insertInto('users')
        .values(
          chunk.map((u) => ({
            username: u.username,
            name: u.name,
            agency_code: u.agencyCode,
            roles: JSON.stringify(u.roles),
            title: u.title,
            mail_address: mailAddressOf(u.username, u.agencyCode, opts.mailDomain),
            password_hash: passwordHash,
          })),
        )
        .returning(['id', 'username'])
        .execute();
      for (const r of rows) ids.set(r.username, r.id);
    }
    if (opts.spec.venues.length) {
      await trx
        .insertInto('venues')
        .values(
          opts.spec.venues.map((v, i) => ({
            code: v.code,
            name: v.name,
            kind: v.kind,
            agency_code: v.agencyCode,
            operator_user_id: ids.get(v.operatorUsername) ?? null,
            sort_order: i,
          })),
        )
        .execute();
    }
    const counts = { agencies: agencies.length, users: opts.spec.users.length, venues: opts.spec.venues.length };
    await appendAudit(trx, { actor: opts.actor, action: opts.reset ? 'directory.reseed' : 'directory.seed', targetType: 'directory', targetId: opts.spec.cityName, details: counts });
    return counts;
  });
}

function parentsFirst(agencies: AgencySpec[]): AgencySpec[] {
  const byCode = new Map(agencies.map((a) => [a.code, a]));
  const depth = (a: AgencySpec): number => (a.parentCode ? 1 + depth(byCode.get(a.parentCode)!) : 0);
  return [...agencies].sort((a, b) => depth(a) - depth(b));
}

function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
