import type { Transaction } from 'kysely';
import { sql } from 'kysely';
import type { DocDB } from '../db/tables';

/** The active clerks (收发员) of agencies: who is told about incoming documents and receipts. */
export async function clerkIdsOf(trx: Transaction<DocDB>, agencyCodes: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!agencyCodes.length) return out;
  const rows = await trx
    .selectFrom('users')
    .select(['id', 'agency_code'])
    .where('agency_code', 'in', [...new Set(agencyCodes)])
    .where('disabled', '=', false)
    .where(sql<boolean>`roles ? 'clerk'`)
    .execute();
  for (const r of rows) out.set(r.agency_code, [...(out.get(r.agency_code) ?? []), r.id]);
  return out;
}
