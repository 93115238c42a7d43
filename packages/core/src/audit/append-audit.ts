/**
 * Appends one entry to the hash-chained audit log. Call it with the same transaction that makes the
 * state change, so both commit or neither does.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema';
import { auditHash } from './audit-hash';

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
 * Appends several entries in order with two statements whatever their number (a dispatch batch
 * audits every delivery it makes): one UPDATE of the chain's head row, which reserves the
 * sequence numbers, returns the previous hash and locks the head until this transaction ends
 * (appends from other transactions and processes queue on that row lock, and a waiter reads the
 * head as the holder committed it), then one statement that inserts the entries and moves the
 * head's hash. Audit last in a transaction, so the head is locked only until COMMIT.
 */
export async function appendAuditEntries<T extends DB>(anyTrx: Transaction<T>, entries: AuditEntry[]): Promise<{ seq: number; hash: string }[]> {
  if (!entries.length) return [];
  const trx = anyTrx as unknown as Transaction<DB>;
  const head = await trx
    .updateTable('audit_head')
    .set((eb) => ({ seq: eb('seq', '+', entries.length) }))
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  let seq = Number(head.seq) - entries.length;
  let prevHash = head.hash;
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
  await trx
    .with('appended', (db) => db.insertInto('audit_log').values(rows))
    .updateTable('audit_head')
    .set({ hash: prevHash })
    .execute();
  return rows.map((r) => ({ seq: r.seq, hash: r.hash }));
}

/** For a change that is only an audit entry (a refused access, a login): its own transaction. */
export async function recordAudit<T extends DB>(db: Kysely<T>, entry: AuditEntry): Promise<void> {
  await (db as unknown as Kysely<DB>).transaction().execute((trx) => appendAudit(trx, entry));
}
