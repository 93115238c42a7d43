/**
 * The MX port (SMTP_MX_PORT, 2526): mail from other servers to local recipients. STARTTLS offered,
 * no AUTH; SPF, DKIM and DMARC checked with mailauth (an SPF or DMARC-reject failure is refused,
 * the rest recorded in Authentication-Results); unknown recipients 550, no relaying, distribution
 * lists only for senders inside the city, a size limit and a per-address rate limit.
 */
import dns from 'node:dns';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { authenticate, type DNSResolver } from 'mailauth';
import type { MailContext } from '../mail-context';
import { isLocalDomain, splitAddress } from '../delivery/resolve-recipients';
import { deliverMessage } from '../delivery/deliver-message';
import { asSmtpReply, logFailure, reply } from './smtp-reply';
import { prependHeaders, readAll } from './raw-message';
import type { ServerTls } from './server-certificate';
import { receivedHeader } from './received-header';
import { RateLimiter } from './rate-limiter';
import { declaredSize, fullMailboxes } from './quota-check';

const DNS_TIMEOUT_MS = 3_000;

/** The system resolver with a time limit: a slow DNS must not hold a session. */
export const timedResolver: DNSResolver = (name, rrtype) =>
  Promise.race([
    dns.promises.resolve(name, rrtype) as Promise<string[][] | string[]>,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(Object.assign(new Error(`DNS timeout for ${name}`), { code: 'ETIMEOUT' })), DNS_TIMEOUT_MS).unref(),
    ),
  ]);

interface Transaction {
  local: Map<string, string>;
}

export function createMxServer(ctx: MailContext, tls: ServerTls, opts: { resolver?: DNSResolver } = {}): SMTPServer {
  const { settings, log } = ctx;
  const limiter = new RateLimiter(settings.mxMessagesPerMinute);
  const transactions = new WeakMap<SMTPServerSession, Transaction>();
  const resolver = opts.resolver ?? timedResolver;

  const server = new SMTPServer({
    name: settings.hostname,
    banner: 'Yizhan government mail exchanger',
    key: tls.keyPem,
    cert: tls.certPem,
    secure: false,
    authOptional: true,
    disabledCommands: ['AUTH'],
    size: settings.maxMessageBytes,
    maxClients: settings.maxClients,
    logger: false,
    disableReverseLookup: true,
    socketTimeout: 120_000,
    closeTimeout: 2_000,

    onMailFrom(address, session, callback) {
      transactions.set(session, { local: new Map() });
      if (!limiter.take(session.remoteAddress)) return callback(reply(450, '4.7.1 Too many messages from your address, slow down'));
      const from = address.address.toLowerCase();
      // Our own domain's senders submit on the submission port with AUTH; here they would be forged.
      if (from && isLocalDomain(splitAddress(from).domain, settings))
        return callback(reply(550, `5.7.1 <${from}>: local senders must authenticate on the submission port`));
      callback();
    },

    onRcptTo(address, session, callback) {
      const tx = transactions.get(session) ?? { local: new Map() };
      transactions.set(session, tx);
      if (tx.local.size >= settings.maxRecipients) return callback(reply(452, '4.5.3 Too many recipients'));
      const rcpt = address.address.toLowerCase();
      if (!isLocalDomain(splitAddress(rcpt).domain, settings)) return callback(reply(550, `5.7.1 <${rcpt}>: Relay access denied`));
      ctx.recipients
        .resolve(rcpt)
        .then(async (r) => {
          if (r.unknown.length || r.local.length === 0) throw reply(550, `5.1.1 <${rcpt}>: Recipient address rejected: User unknown`);
          if (r.lists.length) throw reply(550, `5.7.1 <${rcpt}>: This distribution list accepts mail from city senders only`);
          const full = fullMailboxes(r.local, declaredSize(session));
          if (full.size === r.local.length) throw reply(552, `5.2.2 <${rcpt}>: Mailbox full`);
          for (const l of r.local) tx.local.set(l.mailboxId, l.address);
          callback();
        })
        .catch((e) => callback(asSmtpReply(e)));
    },

    onData(stream, session, callback) {
      const tx = transactions.get(session) ?? { local: new Map() };
      readAll(stream, settings.maxMessageBytes)
        .then(async ({ raw, exceeded }) => {
          if (exceeded) throw reply(552, `5.3.4 Message size exceeds the limit of ${settings.maxMessageBytes} bytes`);
          const sender = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          const auth = await authenticate(raw, {
            ip: session.remoteAddress,
            helo: session.hostNameAppearsAs,
            sender,
            mta: settings.hostname,
            resolver,
            disableArc: true,
            disableBimi: true,
          }).catch((err: unknown) => {
            log.warn({ err }, 'mail authentication checks failed');
            return null;
          });
          if (auth?.spf && auth.spf.status.result === 'fail') throw reply(550, `5.7.23 SPF check failed for <${sender}> from ${session.remoteAddress}`);
          const dmarc = auth?.dmarc || undefined;
          if (dmarc && dmarc.status.result === 'fail' && dmarc.policy === 'reject')
            throw reply(550, '5.7.1 Message rejected by the sender domain’s DMARC policy');
          const authHeaders = auth?.headers ? auth.headers.trimEnd().split(/\r?\n(?=\S)/) : [];
          const full = prependHeaders(raw, [receivedHeader(session, settings.hostname), ...authHeaders]);
          const result = await deliverMessage(ctx, {
            raw: full,
            envelopeFrom: sender,
            source: 'mx',
            inbox: [...tx.local.keys()],
            remote: [],
            remoteIp: session.remoteAddress,
            authResults: auth?.headers ? authResultsLine(auth.headers) : null,
          });
          callback(null, `2.0.0 Ok: queued as ${result.messageUuid}`);
        })
        .catch((e) => {
          logFailure(log, e, session.id, 'MX delivery failed');
          callback(asSmtpReply(e));
        });
    },
  });
  server.on('error', (err) => log.warn({ err }, 'MX server error'));
  return server;
}

function authResultsLine(headers: string): string | null {
  const m = /Authentication-Results:[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*/i.exec(headers);
  return m ? m[0].replace(/\r?\n[ \t]+/g, ' ').replace(/^Authentication-Results:\s*/i, '') : null;
}
