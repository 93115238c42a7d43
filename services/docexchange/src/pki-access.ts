/** The agency keys and the city trust anchors, as the exchange library wants them. */
import { currentCrl, ensureAgencyCertificate, ensureCityCa } from '@yizhan/core';
import type { DocContext } from './context';

export interface AgencySigner {
  certPem: string;
  keyPem: string;
  chainPems: string[];
}

export interface Trust {
  rootPems: string[];
  intermediatePems: string[];
  crlPems: string[];
}

/** The agency's seal certificate and key (issued on first use) with the issuing CA as its chain. */
export async function agencySigner(ctx: DocContext, agencyCode: string, actor = 'system'): Promise<AgencySigner> {
  const { platform } = ctx;
  const [{ cert, keyPem }, ca] = await Promise.all([
    ensureAgencyCertificate({ db: platform.db, masterKey: platform.masterKey, agencyCode, actor }),
    ensureCityCa(platform.db, platform.masterKey),
  ]);
  return { certPem: cert.cert_pem, keyPem, chainPems: [ca.issuing.cert_pem] };
}

/**
 * The active seal certificates of the recipient agencies, in the order of `codes`, for the
 * envelope: one query, no private key read. An agency without a certificate yet gets one issued
 * (an RSA key each, two at a time), as on its first use anywhere.
 */
export async function recipientCertificates(ctx: DocContext, codes: string[]): Promise<string[]> {
  const rows = codes.length
    ? await ctx.platform.db
        .selectFrom('certificates')
        .select(['agency_code', 'cert_pem'])
        .where('kind', '=', 'agency')
        .where('status', '=', 'active')
        .where('agency_code', 'in', codes)
        .execute()
    : [];
  const pems = new Map(rows.map((r) => [r.agency_code!, r.cert_pem]));
  const missing = codes.filter((c) => !pems.has(c));
  const issued = await mapLimit(missing, 2, (code) => agencySigner(ctx, code));
  missing.forEach((code, i) => pems.set(code, issued[i].certPem));
  return codes.map((c) => pems.get(c)!);
}

export async function cityTrust(ctx: DocContext): Promise<Trust> {
  const { platform } = ctx;
  const [ca, crl] = await Promise.all([ensureCityCa(platform.db, platform.masterKey), currentCrl(platform.db, platform.masterKey)]);
  return { rootPems: [ca.root.cert_pem], intermediatePems: [ca.issuing.cert_pem], crlPems: [crl] };
}

/** Runs fn over items with at most `limit` at once (key generation for first-time recipients). */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}
