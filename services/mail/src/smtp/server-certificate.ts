/**
 * The STARTTLS certificate of both SMTP ports, issued by the city's issuing CA for the mail host
 * names and kept in the certificates table (kind 'server', key encrypted at rest). Reissued when it
 * is missing, expires within 30 days or does not cover the configured names.
 */
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { appendAudit, decryptCertificateKey, encryptPrivateKey, ensureCityCa, generateRsaKeyPair, issueServerCertificate, keyContext } from '@yizhan/core';
import { asCoreDb, asCoreTrx, type MailKysely } from '../db/tables';

export interface ServerTls {
  /** Leaf then issuing CA, as a TLS server sends its chain. */
  certPem: string;
  keyPem: string;
  caPem: string;
}

const RENEW_BEFORE_MS = 30 * 24 * 3600 * 1000;

export async function ensureServerCertificate(db: MailKysely, masterKey: Buffer, hostnames: string[]): Promise<ServerTls> {
  const ca = await ensureCityCa(asCoreDb(db), masterKey);
  const chain = (leaf: string) => leaf.trimEnd() + '\n' + ca.issuing.cert_pem.trimEnd() + '\n';
  const caPem = ca.root.cert_pem.trimEnd() + '\n' + ca.issuing.cert_pem.trimEnd() + '\n';
  const current = await db
    .selectFrom('certificates')
    .selectAll()
    .where('kind', '=', 'server')
    .where('subject', '=', hostnames[0])
    .where('status', '=', 'active')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (
    current &&
    new Date(current.not_after).getTime() - Date.now() > RENEW_BEFORE_MS &&
    covers(current.cert_pem, hostnames) &&
    current.issuer_id === ca.issuing.id
  ) {
    return { certPem: chain(current.cert_pem), keyPem: decryptCertificateKey(current, masterKey), caPem };
  }
  const key = await generateRsaKeyPair(2048);
  const cert = issueServerCertificate({
    hostnames,
    organization: '示范市电子政务网络中心',
    publicKeyPem: key.publicKeyPem,
    issuerCertPem: ca.issuing.cert_pem,
    issuerKeyPem: ca.issuingKeyPem,
    validYears: 2,
  });
  await db.transaction().execute(async (trx) => {
    if (current) {
      await trx
        .updateTable('certificates')
        .set({ status: 'revoked', revoked_at: new Date(), revocation_reason: 'superseded' })
        .where('id', '=', current.id)
        .execute();
    }
    await trx
      .insertInto('certificates')
      .values({
        kind: 'server',
        subject: hostnames[0],
        serial_hex: cert.serialHex,
        cert_pem: cert.certPem,
        key_enc: encryptPrivateKey(key.privateKeyPem, masterKey, keyContext(cert.serialHex)),
        issuer_id: ca.issuing.id,
        not_before: cert.notBefore,
        not_after: cert.notAfter,
      })
      .execute();
    await appendAudit(asCoreTrx(trx), {
      actor: 'system',
      action: 'certificate.issue.server',
      targetType: 'certificate',
      targetId: cert.serialHex,
      details: { hostnames, fingerprint: cert.fingerprintSha256, superseded: !!current },
    });
  });
  return { certPem: chain(cert.certPem), keyPem: key.privateKeyPem, caPem };
}

function covers(certPem: string, hostnames: string[]): boolean {
  const x509 = new X509Certificate(certPem);
  return hostnames.every((h) => (isIP(h) ? x509.checkIP(h) : x509.checkHost(h, { subject: 'never' })) !== undefined);
}
