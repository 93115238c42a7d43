/**
 * `yizhan` entry point. With a server running on this data dir, the command runs inside it (admin
 * socket); otherwise this process opens the platform itself, holding the data-dir lock.
 */
import { createLogger, loadConfig, openPlatform } from '@yizhan/core';
import { callAdminSocket } from '../admin/admin-socket';
import { lockDataDir } from '../data-dir-lock';
import { bootstrapPlatform } from '../bootstrap';
import { runCli } from './run-cli';
import { moduleMigrations, SERVICE_MODULES } from '../modules';

async function main(argv: string[]): Promise<number> {
  const config = loadConfig(process.env);
  const remote = await callAdminSocket(config.dataDir, { argv, cwd: process.cwd() });
  if (remote) {
    process.stdout.write(remote.stdout);
    process.stderr.write(remote.stderr);
    return remote.exitCode;
  }
  const lock = config.database.kind === 'pglite' ? lockDataDir(config.dataDir, 'yizhan cli') : undefined;
  const platform = await openPlatform(config, createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, 'yizhan-cli'), { migrations: moduleMigrations(SERVICE_MODULES) });
  try {
    if (argv[0] !== 'seed') await bootstrapPlatform(platform);
    return await runCli(argv, { platform, cwd: process.cwd(), stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) });
  } finally {
    await platform.close();
    lock?.release();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`yizhan: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
