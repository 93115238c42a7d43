/**
 * The local admin socket: how `yizhan` CLI commands reach a running server, so the CLI never opens
 * the embedded database as a second writer. A Unix socket in the data dir, mode 0600 — only the
 * server's own OS user (who could read the data dir anyway) can talk to it. One JSON request line
 * ({argv, cwd}) in, one JSON response line ({exitCode, stdout, stderr}) out.
 */
import fs from 'node:fs';
import net from 'node:net';
import type { Platform } from '@yizhan/core';
import { runCli } from '../cli/run-cli';

import { adminSocketPath, type AdminRequest, type AdminResponse } from './admin-client';

const MAX_REQUEST_BYTES = 1024 * 1024;

export async function startAdminSocket(platform: Platform): Promise<{ close(): Promise<void> }> {
  const file = adminSocketPath(platform.config.dataDir);
  fs.rmSync(file, { force: true }); // left by a crashed server; the data-dir lock says we own the dir
  const server = net.createServer((conn) => {
    let buffer = '';
    conn.setEncoding('utf8');
    conn.on('data', (chunk: string) => {
      buffer += chunk;
      if (buffer.length > MAX_REQUEST_BYTES) return conn.destroy();
      const newline = buffer.indexOf('\n');
      if (newline < 0) return;
      conn.removeAllListeners('data');
      void handle(buffer.slice(0, newline)).then((res) => conn.end(JSON.stringify(res) + '\n'));
    });
    conn.on('error', () => {});
  });

  async function handle(line: string): Promise<AdminResponse> {
    let req: AdminRequest;
    try {
      req = JSON.parse(line);
      if (!Array.isArray(req.argv) || typeof req.cwd !== 'string') throw new Error('bad request');
    } catch {
      return { exitCode: 2, stdout: '', stderr: 'malformed admin request\n' };
    }
    const out: string[] = [];
    const err: string[] = [];
    const exitCode = await runCli(req.argv, { platform, cwd: req.cwd, stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
    return { exitCode, stdout: out.join(''), stderr: err.join('') };
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(file, () => resolve());
  });
  fs.chmodSync(file, 0o600);

  let closing: Promise<void> | null = null;
  return {
    close() {
      closing ??= new Promise<void>((resolve) => server.close(() => resolve())).then(() => fs.rmSync(file, { force: true }));
      return closing;
    },
  };
}
