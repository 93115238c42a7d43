/**
 * Appends one entry to the hash-chained audit log. Call it with the same transaction that makes the
 * state change, so both commit or neither does.
 */
import type { Kysely, Transaction } from 'kysely';
import { lockForTransaction } from '../db/advisory-lock';
import type { DB } from '../db/schema';
import { auditHash, GENESIS_HASH } from './audit-hash';

export interface AuditEntry {
  /** Username, or 'system' / 'cli:<user>' for non-interactive actors. */
  actor: string;
  agencyCode?: string | null;
  /** Dotted verb, e.g. auth.login, user.create, certificate.revoke, access.denied. */
  action: string;
  targetType: string;
  targetId: string;
  details?: Record<string, unknown>;
  ip?: string | null;
}

// Generic so services whose handles know more tables (DB & their own) pass their transactions as they are.
export async function appendAudit<T extends DB>(anyTrx: Transaction<T>, entry: AuditEntry): Promise<{ seq: number; hash: string }> {
  const [appended] = await appendAuditEntries(anyTrx, [entry]);
  return appended;
}

/**
 * Appends several entries in order with one lock, one read of the chain's end and one INSERT (a
 * dispatch batch audits every delivery it makes: one round trip instead of three per entry).
 */
export async function appendAuditEntries<T extends DB>(anyTrx: Transaction<T>, entries: AuditEntry[]): Promise<{ seq: number; hash: string }[]> {
  if (!entries.length) return [];
  const trx = anyTrx as unknown as Transaction<DB>;
  // Serialises appends across transactions and processes until the appending transaction ends.
  await lockForTransaction(trx, 'audit-log');
  const last = await trx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  let seq = last ? Number(last.seq) : 0;
  let prevHash = last?.hash ?? GENESIS_HASH;
  // Millisecond precision survives the timestamptz round trip exactly, so verification can rehash.
  const at = new Date();
  const rows = entries.map((entry) => {
    seq += 1;
    const fields = {
      seq,
      at,
      actor: entry.actor,
      agencyCode: entry.agencyCode ?? null,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      details: entry.details ?? {},
      ip: entry.ip ?? null,
      prevHash,
    };
    const hash = auditHash(fields);
    const row = {
      seq,
      at,
      actor: fields.actor,
      agency_code: fields.agencyCode,
      action: fields.action,
      target_type: fields.targetType,
      target_id: fields.targetId,
      details: JSON.stringify(fields.details),
      ip: fields.ip,
      prev_hash: prevHash,
      hash,
    };
    prevHash = hash;
    return row;
  });
  await trx.insertInto('audit_log').values(rows).execute();
  return rows.map((r) => ({ seq: r.seq, hash: r.hash }));
}

/** For a change that is only an audit entry (a refused access, a login): its own transaction. */
export async function recordAudit<T extends DB>(db: Kysely<T>, entry: AuditEntry): Promise<void> {
  await (db as unknown as Kysely<DB>).transaction().execute((trx) => appendAudit(trx, entry));
}
