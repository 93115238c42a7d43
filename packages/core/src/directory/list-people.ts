import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { personDto } from './dto';

export interface ListPeopleOptions {
  db: Kysely<DB>;
  agency?: string;
  /** Matches name, username, title or mail address. */
  q?: string;
  limit: number;
  offset: number;
  includeDisabled?: boolean;
}

export async function listPeople(opts: ListPeopleOptions) {
  let base = opts.db.selectFrom('users').innerJoin('agencies', 'agencies.code', 'users.agency_code');
  if (opts.agency) base = base.where('users.agency_code', '=', opts.agency);
  if (!opts.includeDisabled) base = base.where('users.disabled', '=', false);
  if (opts.q) {
    const like = `%${opts.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    base = base.where((eb) =>
      eb.or([eb('users.name', 'like', like), eb('users.username', 'like', like), eb('users.title', 'like', like), eb('users.mail_address', 'like', like)]),
    );
  }
  const [rows, total] = await Promise.all([
    base
      .selectAll('users')
      .select('agencies.name as agency_name')
      .orderBy('agencies.sort_order')
      .orderBy('users.agency_code')
      .orderBy('users.created_at')
      .orderBy('users.username')
      .limit(opts.limit)
      .offset(opts.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { users: rows.map(personDto), total: Number(total.n) };
}

export async function getPerson(db: Kysely<DB>, username: string) {
  const row = await db
    .selectFrom('users')
    .innerJoin('agencies', 'agencies.code', 'users.agency_code')
    .selectAll('users')
    .select('agencies.name as agency_name')
    .where('users.username', '=', username)
    .executeTakeFirst();
  return row ? personDto(row) : undefined;
}
