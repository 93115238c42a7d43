/**
 * Certificate path validation for our own PKI: leaf → intermediates → trusted root, with
 * signatures (Node's X509Certificate), validity dates, CA constraints and revocation by CRL.
 * It is not a general RFC 5280 validator (no policies or name constraints); it checks what
 * our certificates use.
 */
import { X509Certificate } from 'node:crypto';
import { parseCrl, verifyCrlSignature, type ParsedCrl, type CrlReason } from './crl';
import { readCertificate, type CertificateFacts } from './x509-reader';

export interface VerifyChainOptions {
  /** Time to validate at (e.g. a signature's signing time); defaults to now. */
  at?: Date;
  /** CRLs of the root and/or intermediates; each is used for the certificates its issuer signed. */
  crlPems?: string[];
  /** Fail unless every non-root certificate is covered by a CRL current at `at`. */
  requireCrl?: boolean;
}

export interface ChainVerification {
  valid: boolean;
  reason?: string;
  revoked: boolean;
}

interface Cert {
  pem: string;
  x: X509Certificate;
  facts: CertificateFacts;
  label: string;
}

/**
 * Revocations for these reasons do not reach back: a signature made before the revocation date
 * stays valid. Any other reason (or none) — key compromise above all — counts at every time.
 */
const NOT_RETROACTIVE: ReadonlySet<CrlReason> = new Set(['affiliationChanged', 'superseded', 'cessationOfOperation']);

export function verifyChain(
  leafPem: string,
  intermediates: string[],
  rootPem: string,
  options: VerifyChainOptions = {},
): ChainVerification {
  const at = options.at ?? new Date();
  const fail = (reason: string, revoked = false): ChainVerification => ({ valid: false, reason, revoked });

  let leaf: Cert, root: Cert, pool: Cert[];
  try {
    leaf = load(leafPem);
    root = load(rootPem);
    pool = intermediates.map(load);
  } catch (err) {
    return fail(`unreadable certificate: ${(err as Error).message}`);
  }
  let crls: ParsedCrl[];
  try {
    crls = (options.crlPems ?? []).map((pem) => parseCrl(pem));
  } catch (err) {
    return fail(`unreadable CRL: ${(err as Error).message}`);
  }

  if (!(root.x.checkIssued(root.x) && root.x.verify(root.x.publicKey))) {
    return fail(`trust anchor "${root.label}" is not a self-signed certificate`);
  }

  // Build the path upwards; each step must be issued (names, key identifiers) and signed.
  const path: Cert[] = [leaf];
  for (let current = leaf; !current.facts.der.equals(root.facts.der); ) {
    const candidates = [root, ...pool.filter((c) => !path.includes(c))];
    const named = candidates.filter((c) => current.x.checkIssued(c.x));
    const issuer = named.find((c) => current.x.verify(c.x.publicKey));
    if (!issuer) {
      return fail(
        named.length
          ? `signature of "${current.label}" does not verify with the key of "${named[0].label}"`
          : `no issuer for "${current.label}" among the intermediates and the root`,
      );
    }
    path.push(issuer);
    current = issuer;
  }

  for (let k = 1; k < path.length; k++) {
    const ca = path[k];
    if (!ca.facts.basicConstraints?.ca) return fail(`issuer "${ca.label}" is not a CA`);
    if (ca.facts.keyUsage && !ca.facts.keyUsage.has('keyCertSign')) {
      return fail(`issuer "${ca.label}" may not sign certificates (keyUsage)`);
    }
    const pathLen = ca.facts.basicConstraints.pathLen;
    if (pathLen !== undefined && k - 1 > pathLen) {
      return fail(`path length constraint of "${ca.label}" exceeded`);
    }
  }

  for (let k = 0; k < path.length - 1; k++) {
    const cert = path[k];
    const issuer = path[k + 1];
    const issuerCrls = crls.filter((c) => c.issuerNameDer.equals(issuer.facts.subjectNameDer));
    let current = false;
    for (const crl of issuerCrls) {
      if (issuer.facts.keyUsage && !issuer.facts.keyUsage.has('cRLSign')) {
        return fail(`issuer "${issuer.label}" may not sign CRLs (keyUsage)`);
      }
      if (!verifyCrlSignature(crl, issuer.pem)) return fail(`CRL of "${issuer.label}" has an invalid signature`);
      if (crl.thisUpdate <= at && (!crl.nextUpdate || at <= crl.nextUpdate)) current = true;
      const entry = crl.entries.find((e) => e.serialHex === cert.facts.serialHex);
      if (!entry || entry.reason === 'removeFromCRL') continue;
      if (entry.reason && NOT_RETROACTIVE.has(entry.reason) && at < entry.revokedAt) continue;
      return fail(
        `certificate "${cert.label}" (serial ${cert.facts.serialHex}) was revoked on ${entry.revokedAt.toISOString()}` +
          (entry.reason ? ` (${entry.reason})` : ''),
        true,
      );
    }
    if (options.requireCrl && !current) return fail(`no current CRL from "${issuer.label}" covers "${cert.label}"`);
  }

  for (const cert of path) {
    if (at < cert.facts.notBefore) {
      return fail(`certificate "${cert.label}" is not valid before ${cert.facts.notBefore.toISOString()}`);
    }
    if (at > cert.facts.notAfter) {
      return fail(`certificate "${cert.label}" expired on ${cert.facts.notAfter.toISOString()}`);
    }
  }

  return { valid: true, revoked: false };
}

function load(pem: string): Cert {
  const x = new X509Certificate(pem);
  const cn = x.subject.split('\n').find((line) => line.startsWith('CN='));
  return { pem, x, facts: readCertificate(x.raw), label: cn ? cn.slice(3) : x.subject.replace(/\n/g, ', ') };
}
