import type { Kysely } from 'kysely';
import type { CertificateRow, DB } from '../db/schema';

export function certificateDto(c: CertificateRow & { username: string | null }) {
  return {
    id: c.id,
    kind: c.kind as 'root' | 'intermediate' | 'agency' | 'user' | 'server',
    subject: c.subject,
    agencyCode: c.agency_code,
    username: c.username,
    serialHex: c.serial_hex,
    notBefore: new Date(c.not_before).toISOString(),
    notAfter: new Date(c.not_after).toISOString(),
    status: c.status as 'active' | 'revoked',
    revokedAt: c.revoked_at ? new Date(c.revoked_at).toISOString() : null,
    revocationReason: c.revocation_reason,
  };
}

export async function listCertificates(opts: { db: Kysely<DB>; kind?: string; agency?: string; status?: string; limit: number; offset: number }) {
  let q = opts.db.selectFrom('certificates').leftJoin('users', 'users.id', 'certificates.user_id');
  if (opts.kind) q = q.where('certificates.kind', '=', opts.kind);
  if (opts.agency) q = q.where('certificates.agency_code', '=', opts.agency);
  if (opts.status) q = q.where('certificates.status', '=', opts.status);
  const [rows, total] = await Promise.all([
    q.selectAll('certificates').select('users.username').orderBy('certificates.created_at', 'desc').limit(opts.limit).offset(opts.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { certificates: rows.map(certificateDto), total: Number(total.n) };
}
