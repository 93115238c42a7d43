/**
 * Runs one `yizhan` command against an open platform — inside the running server (through the admin
 * socket) or in the CLI's own process when no server runs. Every command that changes state audits.
 */
import { isAppError } from '@yizhan/core';
import { UsageError, type CliCommand, type CliContext } from './cli-io';
import { seedCommand } from './commands/seed-command';
import { caCommand } from './commands/ca-command';
import { keysCommand } from './commands/keys-command';
import { auditCommand } from './commands/audit-command';
import { agenciesCommand, usersCommand } from './commands/directory-commands';

/** Later issues add their commands here (send, export, verify, mailbox …). */
export const COMMANDS: Record<string, { run: CliCommand; summary: string }> = {
  seed: { run: seedCommand, summary: 'seed [--reset]                      load the demo city' },
  ca: { run: caCommand, summary: 'ca export --out FILE                the city CA certificates (PEM)' },
  keys: { run: keysCommand, summary: 'keys export --agency CODE --out DIR  an agency seal certificate + private key, for escrow' },
  audit: { run: auditCommand, summary: 'audit verify [--json]               check the audit hash chain (exit 0 iff intact)' },
  agencies: { run: agenciesCommand, summary: 'agencies [--json]                   list agencies' },
  users: { run: usersCommand, summary: 'users [--json] [--agency CODE] | users add USER … | users reset-password USER --password P' },
};

export function helpText(): string {
  return ['yizhan — Yizhan admin CLI (runs on the server, every action audited)', '', ...Object.values(COMMANDS).map((c) => `  yizhan ${c.summary}`), ''].join('\n');
}

export async function runCli(argv: string[], ctx: Omit<CliContext, never>): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    ctx.stdout(helpText());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    ctx.stderr(`unknown command: ${name}\n\n${helpText()}`);
    return 2;
  }
  try {
    return await command.run(args, ctx);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      ctx.stderr(`${(e as Error).message}\n`);
      return 2;
    }
    if (isAppError(e)) {
      ctx.stderr(`${e.userMessage} (${e.code}: ${e.message})\n`);
      return 1;
    }
    ctx.stderr(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
