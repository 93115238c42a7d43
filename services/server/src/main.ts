/** `npm start`: the whole suite in one process on embedded defaults (or the backends the environment names). */
import { ConfigError, createLogger, loadConfig } from '@yizhan/core';
import { startServer } from './server';
import { demoLoginLines } from './bootstrap';

async function main() {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const log = createLogger(config.logLevel);
  const server = await startServer(config, log);
  const lines = [
    '',
    '  驿站 Yizhan is running',
    `  Web:      ${server.url}`,
    `  Health:   ${server.url}/api/health`,
    `  Data:     ${config.database.kind === 'pglite' ? config.dataDir : 'PostgreSQL'} (blobs: ${config.blobs.kind})`,
    '',
    ...(config.demo ? ['  Demo logins:', ...demoLoginLines(), ''] : []),
  ];
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  console.error('Yizhan failed to start:', err instanceof Error ? err.message : err);
  if (process.env.LOG_LEVEL === 'debug') console.error(err);
  process.exit(1);
});
