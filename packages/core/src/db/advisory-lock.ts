import crypto from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { DB } from './schema';

/**
 * Serialises a critical section across transactions and processes (PostgreSQL transaction-level
 * advisory lock, released at COMMIT/ROLLBACK). Named locks map to a stable 32-bit key.
 */
export async function lockForTransaction<T extends DB>(trx: Transaction<T>, name: string): Promise<void> {
  const key = crypto.createHash('sha256').update(name).digest().readInt32BE(0);
  await sql`select pg_advisory_xact_lock(${key})`.execute(trx);
}
