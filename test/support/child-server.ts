/** The real server as a separate process (`node services/server/bin/start.mjs`), for crash tests: kill -9 and restart. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from './postgres-cluster';

const START = path.resolve(import.meta.dirname, '../../services/server/bin/start.mjs');

export interface ChildServer {
  url: string;
  proc: ChildProcess;
  output(): string;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

export async function startChildServer(env: Record<string, string>, port?: number): Promise<ChildServer> {
  const p = port ?? (await freePort());
  let out = '';
  const proc = spawn(process.execPath, [START], { env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'warn', SMTP_PORT: '0', SMTP_MX_PORT: '0', ...env, PORT: String(p) }, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${p}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited (${proc.exitCode}):\n${out}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const exited = () => new Promise<void>((r) => (proc.exitCode !== null || proc.signalCode !== null ? r() : proc.once('exit', () => r())));
  return {
    url,
    proc,
    output: () => out,
    async kill9() {
      proc.kill('SIGKILL');
      await exited();
    },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        await exited();
      }
    },
  };
}
