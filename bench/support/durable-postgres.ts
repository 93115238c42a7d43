/**
 * A throwaway PostgreSQL like test/support/postgres-cluster.ts, but with fsync on (the test one
 * passes `-c fsync=off` on the command line, which ALTER SYSTEM cannot override): for benchmarks
 * that want commits to wait for the disk as in production. Same interface as startPostgres().
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, type PostgresCluster } from '../../test/support/postgres-cluster';

const BIN_DIRS = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'];

function pgBin(name: string): string {
  for (const dir of BIN_DIRS) if (fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  throw new Error(`PostgreSQL binary ${name} not found (apt-get install postgresql)`);
}

export async function startDurablePostgres(): Promise<PostgresCluster> {
  const ids: { uid?: number; gid?: number } = {};
  if (process.getuid?.() === 0) {
    // PostgreSQL refuses to run as root: run it as the postgres user the Debian package creates.
    const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (uid.status !== 0) throw new Error('running as root and there is no postgres user (apt-get install postgresql)');
    ids.uid = Number(uid.stdout.trim());
    ids.gid = Number(gid.stdout.trim());
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-bench-pg-'));
  fs.chmodSync(dir, 0o777);
  const dataDir = path.join(dir, 'data');
  const init = spawnSync(pgBin('initdb'), ['-D', dataDir, '-U', 'yizhan', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'], { encoding: 'utf8', ...ids });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  const port = await freePort();
  const proc: ChildProcess = spawn(
    pgBin('postgres'),
    ['-D', dataDir, '-p', String(port), '-k', dir, '-h', '127.0.0.1', '-c', 'fsync=on', '-c', 'max_connections=200'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      ...ids,
    },
  );
  let stderr = '';
  proc.stderr!.on('data', (d) => (stderr += d));
  const url = `postgres://yizhan@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      break;
    } catch {
      await client.end().catch(() => {});
      if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`postgres did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    url,
    socketDir: dir,
    port,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`CREATE DATABASE "${name}"`);
      await client.end();
      return `postgres://yizhan@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGINT');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
