/**
 * Starts the real all-in-one server in this test process on a fresh data dir and a free port, with
 * helpers to log in and call the API as a browser would (cookie + CSRF header).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger, loadConfig } from '@yizhan/core';
import { startServer, type RunningServer } from '../../services/server/src/server';

export interface TestServer extends RunningServer {
  dataDir: string;
  env: Record<string, string>;
  /** Stops the server and deletes its data dir. */
  dispose(): Promise<void>;
}

export async function startTestServer(extraEnv: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-test-'));
  const env = { YIZHAN_DATA_DIR: dataDir, PORT: '0', SMTP_PORT: '0', SMTP_MX_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...extraEnv };
  const config = loadConfig(env);
  const server = await startServer(config, createLogger(config.logLevel));
  return {
    ...server,
    dataDir,
    env,
    async dispose() {
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A logged-in (or anonymous) API client that keeps the session cookie and sends the CSRF token. */
export class ApiClient {
  cookie = '';
  csrf = '';
  constructor(readonly baseUrl: string) {}

  async request<T = any>(method: string, url: string, body?: unknown, opts: { raw?: string; headers?: Record<string, string> } = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    if (body !== undefined || opts.raw !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(this.baseUrl + url, { method, headers, body: opts.raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const m = /yz_session=([^;]*)/.exec(setCookie);
      if (m) this.cookie = m[1] ? `yz_session=${m[1]}` : '';
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON (PEM, HTML)
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = any>(url: string) {
    return this.request<T>('GET', url);
  }
  post<T = any>(url: string, body?: unknown) {
    return this.request<T>('POST', url, body ?? {});
  }
  patch<T = any>(url: string, body: unknown) {
    return this.request<T>('PATCH', url, body);
  }

  async login(username: string, password: string): Promise<ApiResponse> {
    const res = await this.post('/api/auth/login', { username, password });
    if (res.status === 200) this.csrf = res.body.csrfToken;
    return res;
  }
}
