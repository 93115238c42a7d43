/**
 * Appends one entry to the hash-chained audit log. Call it with the same transaction that makes the
 * state change, so both commit or neither does.
 */
import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { AuditLogTable, DB } from '../db/schema';
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

type AuditRow = Insertable<AuditLogTable> & { seq: number; hash: string; prev_hash: string; at: Date };

/**
 * The head this process expects after its own latest append. With one server process appending
 * (the usual case) it is right, and an append is one statement. Never trusted: the statement locks
 * the head row (waiting for an append still in flight to commit) and moves it only if it is where
 * expected; on any difference — another process appended, an append this process predicted from
 * rolled back — it inserts nothing and hands back the real head, which it now holds, and one more
 * statement appends after that.
 */
let expectedHead: Head | null = null;
/**
 * Appends from this process send their first statement one after another, each once the previous
 * one's has executed (not committed): a statement that overtook its predecessor's would lock the
 * head first, find it not yet moved, and send both down the slower path.
 */
let turn: Promise<void> = Promise.resolve();
/** Transactions that already hold the head's row lock: they append again without queueing (no waiting on themselves). */
const holdingHead = new WeakSet<object>();

interface Head {
  seq: number;
  hash: string;
}

/**
 * Appends several entries in order (a dispatch batch audits every delivery it makes), chained
 * after the head row `audit_head`, whose row lock orders appends across transactions and
 * processes until the appending transaction ends. Audit last in a transaction, so the head is
 * locked only until COMMIT.
 */
export async function appendAuditEntries<T extends DB>(anyTrx: Transaction<T>, entries: AuditEntry[]): Promise<Head[]> {
  if (!entries.length) return [];
  const trx = anyTrx as unknown as Transaction<DB>;
  if (holdingHead.has(trx)) return appendAfter(trx, entries, await lockHead(trx));
  const previous = turn;
  let done!: () => void;
  turn = new Promise((resolve) => (done = resolve));
  try {
    await inTurn(previous);
    holdingHead.add(trx);
    const predicted = expectedHead;
    if (!predicted) return await appendAfter(trx, entries, await lockHead(trx));
    // Millisecond precision survives the timestamptz round trip exactly, so verification can rehash.
    const rows = chainRows(entries, new Date(), predicted);
    const last = rows[rows.length - 1];
    expectedHead = { seq: last.seq, hash: last.hash };
    // WHERE id matches whatever the head holds, so the UPDATE always waits for and locks the row
    // (a WHERE on the expected values would be checked against this statement's snapshot and skip
    // the row without waiting while the previous append is uncommitted). Both SET expressions see
    // the head as it was, so it moves only from the expected place.
    const moved = await sql<{ seq: string | number; hash: string }>`
      WITH moved AS (
        UPDATE audit_head
        SET seq = CASE WHEN seq = ${predicted.seq} AND hash = ${predicted.hash} THEN ${last.seq} ELSE seq END,
            hash = CASE WHEN seq = ${predicted.seq} AND hash = ${predicted.hash} THEN ${last.hash} ELSE hash END
        WHERE id
        RETURNING seq, hash
      ), appended AS (
        INSERT INTO audit_log (seq, at, actor, agency_code, action, target_type, target_id, details, ip, prev_hash, hash)
        SELECT v.seq::bigint, v.at::timestamptz, v.actor, v.agency_code, v.action, v.target_type, v.target_id, v.details::jsonb, v.ip, v.prev_hash, v.hash
        FROM (VALUES ${sql.join(rows.map((r) => sql`(${r.seq}, ${r.at}, ${r.actor}, ${r.agency_code}, ${r.action}, ${r.target_type}, ${r.target_id}, ${r.details}, ${r.ip}, ${r.prev_hash}, ${r.hash})`))})
          AS v(seq, at, actor, agency_code, action, target_type, target_id, details, ip, prev_hash, hash)
        WHERE EXISTS (SELECT 1 FROM moved WHERE moved.seq = ${last.seq} AND moved.hash = ${last.hash})
      )
      SELECT seq, hash FROM moved`.execute(trx);
    const head = moved.rows[0];
    if (!head) throw new Error('audit_head row is missing');
    if (Number(head.seq) === last.seq && head.hash === last.hash) return rows.map((r) => ({ seq: r.seq, hash: r.hash }));
    if (expectedHead.seq === last.seq && expectedHead.hash === last.hash) expectedHead = null;
    return await appendAfter(trx, entries, { seq: Number(head.seq), hash: head.hash });
  } finally {
    done();
  }
}

/**
 * Waits for the previous append's first statement, but not forever: the turn only saves slow
 * paths, the head's row lock keeps the chain correct without it, and a transaction that appends
 * twice through another handle than the first (not in holdingHead) must not wait on a turn that
 * waits for its own COMMIT.
 */
async function inTurn(previous: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([previous, new Promise<void>((resolve) => (timer = setTimeout(resolve, TURN_WAIT_MS)))]);
  clearTimeout(timer);
}
const TURN_WAIT_MS = 2_000;

/** Locks the head row and reads it (the head as its previous holder committed it). */
async function lockHead(trx: Transaction<DB>): Promise<Head> {
  const head = await trx.selectFrom('audit_head').select(['seq', 'hash']).forUpdate().executeTakeFirstOrThrow();
  return { seq: Number(head.seq), hash: head.hash };
}

/** Appends after `head`, which this transaction holds locked: one statement inserts and moves the head. */
async function appendAfter(trx: Transaction<DB>, entries: AuditEntry[], head: Head): Promise<Head[]> {
  const rows = chainRows(entries, new Date(), head);
  const last = rows[rows.length - 1];
  await trx
    .with('appended', (db) => db.insertInto('audit_log').values(rows))
    .updateTable('audit_head')
    .set({ seq: last.seq, hash: last.hash })
    .execute();
  expectedHead = { seq: last.seq, hash: last.hash };
  return rows.map((r) => ({ seq: r.seq, hash: r.hash }));
}

/** The rows of `entries` chained after `after`, each hash covering every field and the previous hash. */
function chainRows(entries: AuditEntry[], at: Date, after: Head): AuditRow[] {
  let seq = after.seq;
  let prevHash = after.hash;
  return entries.map((entry) => {
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
}

/** For a change that is only an audit entry (a refused access, a login): its own transaction. */
export async function recordAudit<T extends DB>(db: Kysely<T>, entry: AuditEntry): Promise<void> {
  await (db as unknown as Kysely<DB>).transaction().execute((trx) => appendAudit(trx, entry));
}
