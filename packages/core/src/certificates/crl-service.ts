/**
 * The issuing CA's CRL. Regenerated (with the next CRL number) whenever a certificate is revoked,
 * and refreshed when it nears nextUpdate; kept in settings so every process serves the same one.
 */
import type { Kysely } from 'kysely';
import { lockForTransaction } from '../db/advisory-lock';
import type { DB } from '../db/schema';
import { createCrl, type CrlReason } from '../pki/index';
import { ensureCityCa } from './city-ca';

const CRL_KEY = 'pki.crl';
const CRL_VALIDITY_MS = 7 * 24 * 3600 * 1000;
const REFRESH_BEFORE_MS = 24 * 3600 * 1000;

interface StoredCrl {
  number: number;
  pem: string;
  nextUpdate: string;
}

export async function regenerateCrl(db: Kysely<DB>, masterKey: Buffer): Promise<string> {
  const ca = await ensureCityCa(db, masterKey);
  return db.transaction().execute(async (trx) => {
    // One writer at a time, so CRL numbers only grow.
    await lockForTransaction(trx, 'crl');
    const prev = await trx.selectFrom('settings').select('value').where('key', '=', CRL_KEY).executeTakeFirst();
    const number = ((prev?.value as StoredCrl | undefined)?.number ?? 0) + 1;
    const revoked = await trx
      .selectFrom('certificates')
      .select(['serial_hex', 'revoked_at', 'revocation_reason'])
      .where('issuer_id', '=', ca.issuing.id)
      .where('status', '=', 'revoked')
      .orderBy('revoked_at')
      .execute();
    const now = new Date();
    const pem = createCrl({
      issuerCertPem: ca.issuing.cert_pem,
      issuerKeyPem: ca.issuingKeyPem,
      revoked: revoked.map((r) => ({ serialHex: r.serial_hex, revokedAt: new Date(r.revoked_at ?? now), reason: (r.revocation_reason ?? undefined) as CrlReason | undefined })),
      crlNumber: number,
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + CRL_VALIDITY_MS),
    });
    const value: StoredCrl = { number, pem, nextUpdate: new Date(now.getTime() + CRL_VALIDITY_MS).toISOString() };
    await trx
      .insertInto('settings')
      .values({ key: CRL_KEY, value: JSON.stringify(value) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) }))
      .execute();
    return pem;
  });
}

export async function currentCrl(db: Kysely<DB>, masterKey: Buffer): Promise<string> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', CRL_KEY).executeTakeFirst();
  const stored = row?.value as StoredCrl | undefined;
  if (stored && new Date(stored.nextUpdate).getTime() - Date.now() > REFRESH_BEFORE_MS) return stored.pem;
  return regenerateCrl(db, masterKey);
}
