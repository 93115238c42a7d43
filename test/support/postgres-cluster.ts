/**
 * A throwaway PostgreSQL server from Debian's postgresql package: initdb into a temp dir, postgres
 * on a free port, removed on stop. PostgreSQL refuses to run as root, so under root it runs as the
 * `postgres` system user the package creates.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const BIN_DIRS = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'];

function pgBin(name: string): string {
  for (const dir of BIN_DIRS) if (fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  throw new Error(`PostgreSQL binary ${name} not found (apt-get install postgresql)`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

function postgresUserIds(): { uid: number; gid: number } {
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0) throw new Error('PostgreSQL refuses to run as root and there is no postgres user (apt-get install postgresql)');
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

export interface PostgresCluster {
  url: string;
  /** Directory of the cluster's Unix-domain socket (for `?host=<dir>` URLs). */
  socketDir: string;
  port: number;
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * `fsync` off by default (tests want speed, not durability); benchmarks that want commits to wait
 * for the disk as in production pass `{ fsync: true }`. It is set on the command line, which
 * ALTER SYSTEM cannot override, so it is chosen here and nowhere else.
 */
export async function startPostgres(opts: { fsync?: boolean } = {}): Promise<PostgresCluster> {
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-pg-'));
  fs.chmodSync(dir, 0o777);
  const dataDir = path.join(dir, 'data');
  // Spawned with the postgres user's uid directly (not through runuser), so signals reach postgres itself.
  const ids = asRoot ? postgresUserIds() : {};

  const init = spawnSync(pgBin('initdb'), ['-D', dataDir, '-U', 'yizhan', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'], { encoding: 'utf8', ...ids });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);

  const port = await freePort();
  const proc: ChildProcess = spawn(pgBin('postgres'), ['-D', dataDir, '-p', String(port), '-k', dir, '-h', '127.0.0.1', '-c', `fsync=${opts.fsync ? 'on' : 'off'}`, '-c', 'max_connections=200'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    ...ids,
  });
  let stderr = '';
  proc.stderr!.on('data', (d) => (stderr += d));

  const url = `postgres://yizhan@127.0.0.1:${port}/postgres`;
  const pg = (await import('pg')).default;
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
        proc.kill('SIGINT'); // fast shutdown
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
