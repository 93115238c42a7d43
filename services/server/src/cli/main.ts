/**
 * `yizhan` entry point. With a server running on this data dir, the command runs inside it (admin
 * socket); otherwise this process opens the platform itself, holding the data-dir lock.
 */
import { loadConfig } from '@yizhan/core/config/config';
import { callAdminSocket } from '../admin/admin-client';

async function main(argv: string[]): Promise<number> {
  const config = loadConfig(process.env);
  const remote = await callAdminSocket(config.dataDir, { argv, cwd: process.cwd() });
  if (remote) {
    process.stdout.write(remote.stdout);
    process.stderr.write(remote.stderr);
    return remote.exitCode;
  }
  // No server: open the platform here (loaded only now — it is most of the code base).
  const [{ createLogger, openPlatform }, { lockDataDir }, { bootstrapPlatform }, { runCli }, { moduleMigrations, SERVICE_MODULES }] = await Promise.all([
    import('@yizhan/core'),
    import('../data-dir-lock'),
    import('../bootstrap'),
    import('./run-cli'),
    import('../modules'),
  ]);
  let lock;
  try {
    lock = config.database.kind === 'pglite' ? lockDataDir(config.dataDir, 'yizhan cli') : undefined;
  } catch (e) {
    // A server holds the data dir but its admin socket is not up yet (it is starting): wait for it.
    for (let i = 0; i < 60; i++) {
      await new Promise((r) => setTimeout(r, 500));
      const late = await callAdminSocket(config.dataDir, { argv, cwd: process.cwd() });
      if (late) {
        process.stdout.write(late.stdout);
        process.stderr.write(late.stderr);
        return late.exitCode;
      }
    }
    throw e;
  }
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
