import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { appendAudit } from '../audit/append-audit';
import { AppError } from '../errors/app-error';
import { regenerateCrl } from './crl-service';

export type RevocationReason = 'unspecified' | 'keyCompromise' | 'affiliationChanged' | 'superseded' | 'cessationOfOperation';

export async function revokeCertificate(opts: { db: Kysely<DB>; masterKey: Buffer; actor: string; id: string; reason: RevocationReason; ip?: string }) {
  const row = await opts.db.transaction().execute(async (trx) => {
    const cert = await trx.selectFrom('certificates').selectAll().where('id', '=', opts.id).executeTakeFirst();
    if (!cert) throw new AppError('NOT_FOUND', `no certificate ${opts.id}`, { userMessage: '证书不存在' });
    if (cert.kind === 'root' || cert.kind === 'intermediate') {
      throw new AppError('VALIDATION_FAILED', 'CA certificates are not revoked from the web', { userMessage: 'CA证书不能在此吊销' });
    }
    if (cert.status === 'revoked') throw new AppError('CONFLICT', `certificate ${cert.serial_hex} already revoked`, { userMessage: '该证书已被吊销' });
    const updated = await trx
      .updateTable('certificates')
      .set({ status: 'revoked', revoked_at: new Date(), revocation_reason: opts.reason })
      .where('id', '=', opts.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, { actor: opts.actor, agencyCode: cert.agency_code, action: 'certificate.revoke', targetType: 'certificate', targetId: cert.serial_hex, details: { subject: cert.subject, reason: opts.reason }, ip: opts.ip });
    return updated;
  });
  await regenerateCrl(opts.db, opts.masterKey);
  return row;
}
