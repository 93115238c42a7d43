/**
 * The city CA: a root (kept offline in a real deployment; here its key is encrypted at rest like
 * every other) and an intermediate that issues agency seal, user and server certificates. Made on
 * first start.
 */
import type { Kysely } from 'kysely';
import type { CertificateRow, DB } from '../db/schema';
import { appendAudit } from '../audit/append-audit';
import { lockForTransaction } from '../db/advisory-lock';
import { createIntermediateCa, createRootCa, decryptPrivateKey, encryptPrivateKey, generateRsaKeyPair } from '../pki/index';

export const ROOT_CA_NAME = '示范市电子政务根证书';
export const ISSUING_CA_NAME = '示范市电子政务签发证书';
const CA_ORGANIZATION = '示范市电子政务网络中心';

export interface CityCa {
  root: CertificateRow;
  issuing: CertificateRow;
  issuingKeyPem: string;
}

export const keyContext = (serialHex: string) => `certificate:${serialHex}`;

export function decryptCertificateKey(row: Pick<CertificateRow, 'key_enc' | 'serial_hex'>, masterKey: Buffer): string {
  if (!row.key_enc) throw new Error(`certificate ${row.serial_hex} has no private key here`);
  return decryptPrivateKey(row.key_enc, masterKey, keyContext(row.serial_hex));
}

/** Returns the city CA, creating it when the database has none. Idempotent; safe to call at every start. */
export async function ensureCityCa(db: Kysely<DB>, masterKey: Buffer): Promise<CityCa> {
  const existing = await loadCityCa(db, masterKey);
  if (existing) return existing;
  const rootKey = await generateRsaKeyPair(3072);
  const issuingKey = await generateRsaKeyPair(2048);
  const root = createRootCa({ commonName: ROOT_CA_NAME, organization: CA_ORGANIZATION, key: rootKey, validYears: 20, pathLen: 1 });
  const issuing = createIntermediateCa({
    commonName: ISSUING_CA_NAME,
    organization: CA_ORGANIZATION,
    publicKeyPem: issuingKey.publicKeyPem,
    issuerCertPem: root.certPem,
    issuerKeyPem: rootKey.privateKeyPem,
    validYears: 10,
  });
  await db.transaction().execute(async (trx) => {
    // Another server sharing the database may have made the CA meanwhile: the first one wins.
    await lockForTransaction(trx, 'city-ca');
    const raced = await trx.selectFrom('certificates').select('id').where('kind', '=', 'root').executeTakeFirst();
    if (raced) return;
    const rootRow = await trx
      .insertInto('certificates')
      .values({
        kind: 'root',
        subject: ROOT_CA_NAME,
        serial_hex: root.serialHex,
        cert_pem: root.certPem,
        key_enc: encryptPrivateKey(rootKey.privateKeyPem, masterKey, keyContext(root.serialHex)),
        not_before: root.notBefore,
        not_after: root.notAfter,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('certificates')
      .values({
        kind: 'intermediate',
        subject: ISSUING_CA_NAME,
        serial_hex: issuing.serialHex,
        cert_pem: issuing.certPem,
        key_enc: encryptPrivateKey(issuingKey.privateKeyPem, masterKey, keyContext(issuing.serialHex)),
        issuer_id: rootRow.id,
        not_before: issuing.notBefore,
        not_after: issuing.notAfter,
      })
      .execute();
    await appendAudit(trx, { actor: 'system', action: 'pki.ca.create', targetType: 'certificate', targetId: root.serialHex, details: { root: root.fingerprintSha256, issuing: issuing.fingerprintSha256 } });
  });
  return (await loadCityCa(db, masterKey))!;
}

export async function loadCityCa(db: Kysely<DB>, masterKey: Buffer): Promise<CityCa | null> {
  const rows = await db.selectFrom('certificates').selectAll().where('kind', 'in', ['root', 'intermediate']).where('status', '=', 'active').orderBy('created_at').execute();
  const root = rows.find((r) => r.kind === 'root');
  const issuing = rows.find((r) => r.kind === 'intermediate');
  if (!root || !issuing) return null;
  return { root, issuing, issuingKeyPem: decryptCertificateKey(issuing, masterKey) };
}

/** Root + issuing CA as one PEM bundle (what a trust store or pdfsig's NSS db imports). */
export function caBundlePem(ca: Pick<CityCa, 'root' | 'issuing'>): string {
  return ca.root.cert_pem.trimEnd() + '\n' + ca.issuing.cert_pem.trimEnd() + '\n';
}
