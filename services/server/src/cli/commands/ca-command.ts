import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { caBundlePem, ensureCityCa } from '@yizhan/core';
import { UsageError, type CliCommand } from '../cli-io';

/** yizhan ca export --out FILE — the root and issuing CA certificates (public), PEM. */
export const caCommand: CliCommand = async (args, ctx) => {
  const [sub, ...rest] = args;
  if (sub !== 'export') throw new UsageError('usage: yizhan ca export --out FILE');
  const { values } = parseArgs({ args: rest, options: { out: { type: 'string' } }, strict: true });
  if (!values.out) throw new UsageError('usage: yizhan ca export --out FILE');
  const ca = await ensureCityCa(ctx.platform.db, ctx.platform.masterKey);
  const file = path.resolve(ctx.cwd, values.out);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, caBundlePem(ca));
  ctx.stdout(`${file}\n`);
  return 0;
};
