import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { agencyDto } from './dto';

/** The whole agency tree, flat, in directory order (parents before children is not guaranteed; the client builds the tree). */
export async function listAgencies(db: Kysely<DB>) {
  const rows = await db.selectFrom('agencies').selectAll().orderBy('sort_order').orderBy('code').execute();
  return rows.map(agencyDto);
}

export async function getAgency(db: Kysely<DB>, code: string) {
  return db.selectFrom('agencies').selectAll().where('code', '=', code).executeTakeFirst();
}
