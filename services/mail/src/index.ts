/** The mail service module (政务邮件): SMTP submission and MX ports, outbound queue, full-text index, web mail API. */
import type { DNSResolver } from 'mailauth';
import type { ServiceModule, StartedService } from '@yizhan/core';
import { MAIL_MIGRATIONS } from './db/migrations';
import { createMailContext, type MailContext } from './mail-context';
import { mailSettingsFrom, type MailSettings } from './mail-settings';
import { ensureServerCertificate } from './smtp/server-certificate';
import { SmtpListeners, type SmtpPorts } from './smtp/smtp-listeners';
import { ensureDkimKey } from './delivery/dkim-key';
import { OutboundQueue, type SmtpSender } from './delivery/outbound-queue';
import { NewMailNotifier } from './delivery/new-mail-notifier';
import { SearchIndexer } from './search/search-indexer';
import { mailRoutes } from './api/mail-routes';
import { mailAdminRoutes } from './api/mail-admin-routes';
import { listMailTodos } from './mailbox/list-mail-todos';
import { MAIL_COMMANDS } from './cli/mail-commands';

export interface MailService extends StartedService {
  readonly ctx: MailContext;
  readonly ports: SmtpPorts;
  readonly outbound: OutboundQueue;
  readonly indexer: SearchIndexer;
}

export interface MailModuleOptions {
  settings?: Partial<MailSettings>;
  /** Replaces the SMTP client of the outbound queue (tests). */
  sender?: SmtpSender;
  /** DNS for SPF/DKIM/DMARC checks on the MX port (tests publish records through it). */
  resolver?: DNSResolver;
}

/** Host names the STARTTLS certificate covers: the mail host, and the names local clients use. */
export function certificateHostnames(settings: MailSettings): string[] {
  return [settings.hostname, `smtp.${settings.domain}`, 'localhost', '127.0.0.1'];
}

export function createMailModule(opts: MailModuleOptions = {}): ServiceModule {
  return {
    name: 'mail',
    migrations: MAIL_MIGRATIONS,
    cliCommands: MAIL_COMMANDS,
    async start({ platform }): Promise<MailService> {
      const settings = mailSettingsFrom(platform.config, opts.settings);
      const ctx = createMailContext(platform, settings);
      const [tls, dkim] = await Promise.all([ensureServerCertificate(ctx.db, platform.masterKey, certificateHostnames(settings)), ensureDkimKey(ctx.db, platform.masterKey, settings)]);

      const notifier = new NewMailNotifier(platform, ctx.db, ctx.log);
      const outbound = OutboundQueue.create(ctx, { dkim, sender: opts.sender });
      const indexer = SearchIndexer.create(ctx);
      ctx.hooks.delivered = (mail) => notifier.delivered(mail);
      ctx.hooks.outboundQueued = () => outbound.kick();
      ctx.hooks.indexQueued = () => indexer.kick();

      let listeners: SmtpListeners;
      try {
        listeners = await SmtpListeners.create(ctx, tls, { resolver: opts.resolver });
      } catch (e) {
        await Promise.all([outbound.close(), indexer.close(), notifier.close()]);
        throw e;
      }

      let closing: Promise<void> | null = null;
      return {
        ctx,
        ports: listeners.ports,
        outbound,
        indexer,
        async routes(app) {
          await app.register(mailRoutes(ctx, () => listeners.ports));
          await app.register(mailAdminRoutes(ctx));
        },
        todos: (p) => listMailTodos(ctx, p),
        close() {
          // Stop taking mail first, then finish what was accepted, then the background work.
          closing ??= (async () => {
            await listeners.close();
            await ctx.writer.close();
            await Promise.all([outbound.close(), indexer.close()]);
            await notifier.close();
          })();
          return closing;
        },
      };
    },
  };
}

export const mailModule: ServiceModule = createMailModule();

export { createMailContext, type MailContext } from './mail-context';
export { mailSettingsFrom, type MailSettings } from './mail-settings';
export { deliverMessage } from './delivery/deliver-message';
export { dkimDnsRecord, ensureDkimKey } from './delivery/dkim-key';
export type { SmtpSender } from './delivery/outbound-queue';
