import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { auditHash, GENESIS_HASH } from './audit-hash';

export interface AuditVerification {
  ok: boolean;
  entries: number;
  /** The first entry whose hash or link does not hold. */
  brokenAt?: number;
  reason?: string;
}

/** Walks the whole chain in order, in pages, recomputing every hash and link. */
export async function verifyAuditChain(db: Kysely<DB>, pageSize = 5000): Promise<AuditVerification> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let entries = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) return { ok: true, entries };
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== expectedSeq) return { ok: false, entries, brokenAt: expectedSeq, reason: `entry ${expectedSeq} is missing` };
      if (row.prev_hash !== prevHash) return { ok: false, entries, brokenAt: seq, reason: `entry ${seq} does not link to entry ${seq - 1}` };
      const hash = auditHash({
        seq,
        at: new Date(row.at),
        actor: row.actor,
        agencyCode: row.agency_code,
        action: row.action,
        targetType: row.target_type,
        targetId: row.target_id,
        details: row.details as Record<string, unknown>,
        ip: row.ip,
        prevHash: row.prev_hash,
      });
      if (hash !== row.hash) return { ok: false, entries, brokenAt: seq, reason: `entry ${seq} was altered (hash mismatch)` };
      prevHash = row.hash;
      expectedSeq = seq + 1;
      entries++;
    }
  }
}
