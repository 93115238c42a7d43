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

/**
 * Walks the chain in order, in pages, recomputing every hash and link, up to the head as it was
 * when verification began (entries appended meanwhile are left for the next run), and checks that
 * the chain reaches that head: links alone cannot show entries cut off the end.
 */
export async function verifyAuditChain(db: Kysely<DB>, pageSize = 5000): Promise<AuditVerification> {
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).executeTakeFirst();
  if (!head) return { ok: false, entries: 0, brokenAt: 1, reason: 'the audit chain has no head row' };
  const headSeq = Number(head.seq);
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let entries = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .where('seq', '<=', headSeq)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) {
      if (expectedSeq <= headSeq) return { ok: false, entries, brokenAt: expectedSeq, reason: `entries ${expectedSeq}–${headSeq} are missing from the end of the chain` };
      if (prevHash !== head.hash) return { ok: false, entries, brokenAt: headSeq, reason: `entry ${headSeq} is not the one the chain's head records` };
      return { ok: true, entries };
    }
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
