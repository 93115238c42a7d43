/**
 * Both SMTP ports as one resource: listening on start (port 0 picks a free port, as tests do),
 * the bound ports readable afterwards, and an idempotent close that stops accepting and ends
 * open sessions.
 */
import type { SMTPServer } from 'smtp-server';
import type { DNSResolver } from 'mailauth';
import type { MailContext } from '../mail-context';
import { createSubmissionServer } from './submission-server';
import { createMxServer } from './mx-server';
import type { ServerTls } from './server-certificate';

export interface SmtpPorts {
  submission: number;
  mx: number;
}

export class SmtpListeners {
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly servers: SMTPServer[],
    readonly ports: SmtpPorts,
  ) {}

  static async create(ctx: MailContext, tls: ServerTls, opts: { resolver?: DNSResolver } = {}): Promise<SmtpListeners> {
    const submission = createSubmissionServer(ctx, tls);
    const mx = createMxServer(ctx, tls, opts);
    const started: SMTPServer[] = [];
    try {
      const submissionPort = await listen(submission, ctx.settings.submissionPort, ctx.settings.host);
      started.push(submission);
      const mxPort = await listen(mx, ctx.settings.mxPort, ctx.settings.host);
      started.push(mx);
      ctx.log.info({ submissionPort, mxPort }, 'SMTP listening');
      return new SmtpListeners(started, { submission: submissionPort, mx: mxPort });
    } catch (e) {
      await Promise.all(started.map(closeServer));
      throw e;
    }
  }

  close(): Promise<void> {
    this.closing ??= Promise.all(this.servers.map(closeServer)).then(() => undefined);
    return this.closing;
  }
}

function listen(server: SMTPServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(Object.assign(new Error(`SMTP port ${port}: ${err.message}`), { cause: err }));
    server.server.once('error', onError);
    server.listen(port, host, () => {
      server.server.off('error', onError);
      const address = server.server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

function closeServer(server: SMTPServer): Promise<void> {
  return new Promise((resolve) => {
    if (!server.server.listening) return resolve();
    server.close(() => resolve());
  });
}
