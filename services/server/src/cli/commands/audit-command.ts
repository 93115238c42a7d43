import { parseArgs } from 'node:util';
import { verifyAuditChain } from '@yizhan/core';
import { UsageError, type CliCommand } from '../cli-io';

/** yizhan audit verify [--json] — exit 0 only when the whole hash chain holds. */
export const auditCommand: CliCommand = async (args, ctx) => {
  const [sub, ...rest] = args;
  if (sub !== 'verify') throw new UsageError('usage: yizhan audit verify [--json]');
  const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean', default: false } }, strict: true });
  const result = await verifyAuditChain(ctx.platform.db);
  if (values.json) ctx.stdout(JSON.stringify(result) + '\n');
  else if (result.ok) ctx.stdout(`audit log intact: ${result.entries} entries\n`);
  else ctx.stderr(`audit log BROKEN at entry ${result.brokenAt}: ${result.reason}\n`);
  return result.ok ? 0 : 1;
};
