import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { appendAudit, caBundlePem, ensureAgencyCertificate, ensureCityCa } from '@yizhan/core';
import { CLI_ACTOR, UsageError, type CliCommand } from '../cli-io';

const USAGE = 'usage: yizhan keys export --agency CODE --out DIR';

/**
 * yizhan keys export --agency CODE --out DIR — the agency's seal certificate and private key (PEM)
 * for key escrow, plus the CA bundle. The private key file is 0600; the export is audited.
 */
export const keysCommand: CliCommand = async (args, ctx) => {
  const [sub, ...rest] = args;
  if (sub !== 'export') throw new UsageError(USAGE);
  const { values } = parseArgs({ args: rest, options: { agency: { type: 'string' }, out: { type: 'string' } }, strict: true });
  if (!values.agency || !values.out) throw new UsageError(USAGE);
  const { db, masterKey } = ctx.platform;
  const { cert, keyPem } = await ensureAgencyCertificate({ db, masterKey, agencyCode: values.agency, actor: CLI_ACTOR });
  const ca = await ensureCityCa(db, masterKey);
  const dir = path.resolve(ctx.cwd, values.out);
  fs.mkdirSync(dir, { recursive: true });
  const certFile = path.join(dir, `${values.agency}.cert.pem`);
  const keyFile = path.join(dir, `${values.agency}.key.pem`);
  fs.writeFileSync(certFile, cert.cert_pem);
  fs.writeFileSync(keyFile, keyPem, { mode: 0o600 });
  fs.writeFileSync(path.join(dir, 'ca.pem'), caBundlePem(ca));
  await db.transaction().execute((trx) =>
    appendAudit(trx, { actor: CLI_ACTOR, agencyCode: values.agency, action: 'certificate.key-export', targetType: 'certificate', targetId: cert.serial_hex, details: { dir } }),
  );
  ctx.stdout(`${certFile}\n${keyFile}\n`);
  return 0;
};
