/**
 * The real all-in-one server with the mail module (configured per test: settings overrides, a fake
 * outbound SMTP client) on a fresh data dir, free HTTP and SMTP ports, and helpers around it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import nodemailer from 'nodemailer';
import { createLogger, loadConfig, type ServiceModule } from '@yizhan/core';
import { createMailModule, type MailModuleOptions, type MailService } from '@yizhan/mail';
import { startServer, type RunningServer } from '../../../services/server/src/server';
import { SERVICE_MODULES } from '../../../services/server/src/modules';

export const PASSWORD = 'yizhan2026';
export const DOMAIN = 'example.gov.cn';

export interface MailTestServer extends RunningServer {
  dataDir: string;
  env: Record<string, string>;
  mail: MailService;
  caPem: string;
  dispose(): Promise<void>;
}

export async function startMailServer(opts: { env?: Record<string, string>; mail?: MailModuleOptions; dataDir?: string } = {}): Promise<MailTestServer> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-mail-'));
  const env = { YIZHAN_DATA_DIR: dataDir, PORT: '0', SMTP_PORT: '0', SMTP_MX_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...opts.env };
  const config = loadConfig(env);
  let mail: MailService | undefined;
  const base = createMailModule(opts.mail);
  const captured: ServiceModule = { ...base, start: async (ctx) => (mail = (await base.start(ctx)) as MailService) };
  const modules = [...SERVICE_MODULES.filter((m) => m.name !== 'mail'), captured];
  const server = await startServer(config, createLogger(config.logLevel), { modules });
  const ca = await server.platform.db.selectFrom('certificates').select('cert_pem').where('kind', 'in', ['root', 'intermediate']).orderBy('kind', 'desc').execute();
  return {
    ...server,
    dataDir,
    env,
    mail: mail!,
    caPem: ca.map((c) => c.cert_pem.trimEnd()).join('\n') + '\n',
    async dispose() {
      await server.close();
      if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** nodemailer to the submission port: STARTTLS verified against the city CA, then AUTH. */
export function submissionTransport(server: MailTestServer, user: string, password = PASSWORD, extra: Record<string, unknown> = {}) {
  return nodemailer.createTransport({
    host: '127.0.0.1',
    port: server.mail.ports.submission,
    secure: false,
    requireTLS: true,
    auth: { user, pass: password },
    tls: { ca: server.caPem, servername: 'localhost', checkServerIdentity: (host: string, cert: tls.PeerCertificate) => tls.checkServerIdentity('localhost', cert) },
    ...extra,
  });
}

export async function userIdOf(server: MailTestServer, username: string): Promise<string> {
  const u = await server.platform.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow();
  return u.id;
}

export const addressOf = (username: string, agency: string) => `${username}@${agency}.${DOMAIN}`;
