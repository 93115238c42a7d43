import { execFile } from 'node:child_process';
import path from 'node:path';

export const YIZHAN_BIN = path.resolve(import.meta.dirname, '../../services/server/bin/yizhan.mjs');

/** Runs `yizhan …` as a separate process — asynchronously, since the server answering it may run in this very process. */
export function yizhan(args: string[], opts: { env: Record<string, string>; cwd?: string }): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [YIZHAN_BIN, ...args], { encoding: 'utf8', cwd: opts.cwd, env: { ...process.env, ...opts.env, LOG_LEVEL: 'warn' }, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}
