/**
 * Issues agency seal certificates and user certificates from the city's issuing CA. Agencies get
 * theirs on first need (sealing, receiving) or from the admin page; a new one supersedes the old.
 */
import type { Kysely } from 'kysely';
import type { CertificateRow, DB } from '../db/schema';
import { appendAudit } from '../audit/append-audit';
import { AppError } from '../errors/app-error';
import { encryptPrivateKey, generateRsaKeyPair, issueAgencySealCertificate, issueUserCertificate } from '../pki/index';
import { ensureCityCa, keyContext, decryptCertificateKey } from './city-ca';

const uniqueViolation = (e: unknown) => (e as { code?: string }).code === '23505';

export interface IssueOptions {
  db: Kysely<DB>;
  masterKey: Buffer;
  actor: string;
  ip?: string;
}

export async function issueAgencyCertificate(opts: IssueOptions & { agencyCode: string; supersede?: boolean }): Promise<CertificateRow> {
  const { db } = opts;
  const agency = await db.selectFrom('agencies').selectAll().where('code', '=', opts.agencyCode).executeTakeFirst();
  if (!agency) throw new AppError('NOT_FOUND', `no agency ${opts.agencyCode}`, { userMessage: `单位“${opts.agencyCode}”不存在` });
  if (agency.kind === 'city') throw new AppError('VALIDATION_FAILED', 'the city root is not an agency', { userMessage: '城市根节点不是发文单位，不签发印章证书' });
  const ca = await ensureCityCa(db, opts.masterKey);
  const key = await generateRsaKeyPair(2048);
  const cert = issueAgencySealCertificate({
    agencyName: agency.name,
    agencyCode: agency.code,
    email: agency.mail_address,
    publicKeyPem: key.publicKeyPem,
    issuerCertPem: ca.issuing.cert_pem,
    issuerKeyPem: ca.issuingKeyPem,
    validYears: 5,
  });
  return insertCertificate(opts, {
    kind: 'agency',
    subject: agency.name,
    agency_code: agency.code,
    user_id: null,
    issuer_id: ca.issuing.id,
    cert,
    keyPem: key.privateKeyPem,
    supersede: opts.supersede ?? false,
    audit: { agencyCode: agency.code, targetId: cert.serialHex, details: { agency: agency.code } },
  });
}

export async function issueUserCertificateFor(opts: IssueOptions & { username: string; supersede?: boolean }): Promise<CertificateRow> {
  const { db } = opts;
  const user = await db
    .selectFrom('users')
    .innerJoin('agencies', 'agencies.code', 'users.agency_code')
    .selectAll('users')
    .select('agencies.name as agency_name')
    .where('username', '=', opts.username)
    .executeTakeFirst();
  if (!user) throw new AppError('NOT_FOUND', `no user ${opts.username}`, { userMessage: `用户“${opts.username}”不存在` });
  const ca = await ensureCityCa(db, opts.masterKey);
  const key = await generateRsaKeyPair(2048);
  const cert = issueUserCertificate({
    userName: user.name,
    username: user.username,
    agencyName: user.agency_name,
    email: user.mail_address,
    publicKeyPem: key.publicKeyPem,
    issuerCertPem: ca.issuing.cert_pem,
    issuerKeyPem: ca.issuingKeyPem,
    validYears: 3,
  });
  return insertCertificate(opts, {
    kind: 'user',
    subject: user.name,
    agency_code: user.agency_code,
    user_id: user.id,
    issuer_id: ca.issuing.id,
    cert,
    keyPem: key.privateKeyPem,
    supersede: opts.supersede ?? false,
    audit: { agencyCode: user.agency_code, targetId: cert.serialHex, details: { user: user.username } },
  });
}

interface InsertSpec {
  kind: 'agency' | 'user';
  subject: string;
  agency_code: string;
  user_id: string | null;
  issuer_id: string;
  cert: { certPem: string; serialHex: string; notBefore: Date; notAfter: Date; fingerprintSha256: string };
  keyPem: string;
  supersede: boolean;
  audit: { agencyCode: string; targetId: string; details: Record<string, unknown> };
}

async function insertCertificate(opts: IssueOptions, s: InsertSpec): Promise<CertificateRow> {
  try {
    return await opts.db.transaction().execute(async (trx) => {
      if (s.supersede) {
        let q = trx.updateTable('certificates').set({ status: 'revoked', revoked_at: new Date(), revocation_reason: 'superseded' }).where('kind', '=', s.kind).where('status', '=', 'active');
        q = s.kind === 'agency' ? q.where('agency_code', '=', s.agency_code) : q.where('user_id', '=', s.user_id!);
        await q.execute();
      }
      const row = await trx
        .insertInto('certificates')
        .values({
          kind: s.kind,
          subject: s.subject,
          agency_code: s.agency_code,
          user_id: s.user_id,
          serial_hex: s.cert.serialHex,
          cert_pem: s.cert.certPem,
          key_enc: encryptPrivateKey(s.keyPem, opts.masterKey, keyContext(s.cert.serialHex)),
          issuer_id: s.issuer_id,
          not_before: s.cert.notBefore,
          not_after: s.cert.notAfter,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAudit(trx, {
        actor: opts.actor,
        agencyCode: s.audit.agencyCode,
        action: `certificate.issue.${s.kind}`,
        targetType: 'certificate',
        targetId: s.audit.targetId,
        details: { ...s.audit.details, fingerprint: s.cert.fingerprintSha256, superseded: s.supersede },
        ip: opts.ip,
      });
      return row;
    });
  } catch (e) {
    if (uniqueViolation(e)) {
      throw new AppError('CONFLICT', `${s.kind} ${s.subject} already has an active certificate`, { userMessage: `“${s.subject}”已有有效证书；如需更换请先吊销或选择更换` });
    }
    throw e;
  }
}

/**
 * The agency's active seal certificate and its private key, issuing one when it has none. Concurrent
 * first uses race on the unique index; the loser reads the winner's certificate.
 */
export async function ensureAgencyCertificate(opts: IssueOptions & { agencyCode: string }): Promise<{ cert: CertificateRow; keyPem: string }> {
  const find = () =>
    opts.db.selectFrom('certificates').selectAll().where('kind', '=', 'agency').where('agency_code', '=', opts.agencyCode).where('status', '=', 'active').executeTakeFirst();
  let cert = await find();
  if (!cert) {
    try {
      cert = await issueAgencyCertificate(opts);
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'CONFLICT')) throw e;
      cert = await find();
      if (!cert) throw e;
    }
  }
  return { cert, keyPem: decryptCertificateKey(cert, opts.masterKey) };
}

/** The user's active certificate and its private key (for signing 批示), issuing one when they have none. */
export async function ensureUserCertificate(opts: IssueOptions & { username: string }): Promise<{ cert: CertificateRow; keyPem: string }> {
  const find = () =>
    opts.db
      .selectFrom('certificates')
      .innerJoin('users', 'users.id', 'certificates.user_id')
      .selectAll('certificates')
      .where('certificates.kind', '=', 'user')
      .where('users.username', '=', opts.username)
      .where('certificates.status', '=', 'active')
      .executeTakeFirst();
  let cert = await find();
  if (!cert) {
    try {
      cert = await issueUserCertificateFor(opts);
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'CONFLICT')) throw e;
      cert = await find();
      if (!cert) throw e;
    }
  }
  return { cert, keyPem: decryptCertificateKey(cert, opts.masterKey) };
}
