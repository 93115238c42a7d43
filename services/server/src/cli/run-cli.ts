/**
 * Runs one `yizhan` command against an open platform — inside the running server (through the admin
 * socket) or in the CLI's own process when no server runs. Every command that changes state audits.
 */
import { isAppError, type CliCommandSpec } from '@yizhan/core';
import { UsageError, type CliContext } from './cli-io';
import { seedCommand } from './commands/seed-command';
import { caCommand } from './commands/ca-command';
import { keysCommand } from './commands/keys-command';
import { auditCommand } from './commands/audit-command';
import { agenciesCommand, usersCommand } from './commands/directory-commands';
import { SERVICE_MODULES } from '../modules';

/** The platform's own commands; service modules add theirs (send, export, verify, mailbox …). */
export const PLATFORM_COMMANDS: Record<string, CliCommandSpec> = {
  seed: { run: seedCommand, summary: 'seed [--reset]                      load the demo city' },
  ca: { run: caCommand, summary: 'ca export --out FILE                the city CA certificates (PEM)' },
  keys: { run: keysCommand, summary: 'keys export --agency CODE --out DIR  an agency seal certificate + private key, for escrow' },
  audit: { run: auditCommand, summary: 'audit verify [--json]               check the audit hash chain (exit 0 iff intact)' },
  agencies: { run: agenciesCommand, summary: 'agencies [--json]                   list agencies' },
  users: { run: usersCommand, summary: 'users [--json] [--agency CODE] | users add USER … | users reset-password USER --password P' },
};

export function allCommands(): Record<string, CliCommandSpec> {
  const all: Record<string, CliCommandSpec> = { ...PLATFORM_COMMANDS };
  for (const m of SERVICE_MODULES) {
    for (const [name, spec] of Object.entries(m.cliCommands ?? {})) {
      if (name in all) throw new Error(`CLI command ${name} defined twice (${m.name})`);
      all[name] = spec;
    }
  }
  return all;
}

export function helpText(commands = allCommands()): string {
  return ['yizhan — Yizhan admin CLI (runs on the server, every action audited)', '', ...Object.values(commands).map((c) => `  yizhan ${c.summary}`), ''].join('\n');
}

export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  const commands = allCommands();
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    ctx.stdout(helpText(commands));
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    ctx.stderr(`unknown command: ${name}\n\n${helpText(commands)}`);
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
