import type { Transaction } from 'kysely';
import type { DocDB } from '../db/tables';

/**
 * The next number of an agency's per-year sequence (发文字号, 收文编号). The row lock taken by the
 * upsert serialises concurrent issuers, and a rolled-back transaction rolls its number back too:
 * numbers are unique and gap-free.
 */
export async function nextSequenceNumber(trx: Transaction<DocDB>, agencyCode: string, year: number, kind: 'outgoing' | 'incoming'): Promise<number> {
  const row = await trx
    .insertInto('doc_sequences')
    .values({ agency_code: agencyCode, year, kind, last_number: 1 })
    .onConflict((oc) => oc.columns(['agency_code', 'year', 'kind']).doUpdateSet((eb) => ({ last_number: eb('doc_sequences.last_number', '+', 1) })))
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return Number(row.last_number);
}

/** 示政〔2026〕12号 — year in 六角括号, number without padding or 第. */
export function formatDocNumber(prefix: string, year: number, n: number): string {
  return `${prefix}〔${year}〕${n}号`;
}

/** The year in China Standard Time (documents issued on 31 Dec at 23:30 CST belong to that year). */
export function chinaYear(at: Date): number {
  return new Date(at.getTime() + 8 * 3600_000).getUTCFullYear();
}

/** 2026年11月23日 — no padding, per GB/T 9704. */
export function chinaDateText(at: Date): string {
  const d = new Date(at.getTime() + 8 * 3600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

export function dateTextFromIso(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}
