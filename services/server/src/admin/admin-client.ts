/**
 * The CLI's side of the admin socket. Node built-ins only, so `yizhan` answers fast when a server
 * runs: nothing of the platform is loaded unless the command has to run in the CLI's own process.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const adminSocketPath = (dataDir: string) => path.join(dataDir, 'admin.sock');

export interface AdminRequest {
  argv: string[];
  cwd: string;
}

export interface AdminResponse {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Client side: send one command to a running server; null when no server listens. */
export function callAdminSocket(dataDir: string, req: AdminRequest): Promise<AdminResponse | null> {
  const file = adminSocketPath(dataDir);
  if (!fs.existsSync(file)) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const conn = net.createConnection(file);
    let buffer = '';
    let connected = false;
    conn.setEncoding('utf8');
    conn.on('connect', () => {
      connected = true;
      conn.write(JSON.stringify(req) + '\n');
    });
    conn.on('data', (chunk: string) => (buffer += chunk));
    conn.on('end', () => {
      try {
        resolve(JSON.parse(buffer));
      } catch {
        reject(new Error('the server closed the admin connection without an answer'));
      }
    });
    conn.on('error', (e: NodeJS.ErrnoException) => {
      if (!connected && (e.code === 'ECONNREFUSED' || e.code === 'ENOENT')) resolve(null); // stale socket file
      else reject(e);
    });
  });
}
