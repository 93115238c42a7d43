/**
 * The submission port (SMTP_PORT, 2525): STARTTLS with the city-CA certificate, then AUTH PLAIN or
 * LOGIN (538 before STARTTLS, 535 for a wrong password or a disabled account). Users send as
 * themselves or a unit mailbox granted to them; local recipients are delivered without a network
 * hop, remote ones go to the outbound queue. 250 only after the message is stored.
 */
import crypto from 'node:crypto';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import type { Principal } from '@yizhan/core';
import type { MailContext } from '../mail-context';
import type { MailboxRow } from '../db/tables';
import { sendableAddresses } from '../mailbox/mailbox-access';
import { deliverMessage } from '../delivery/deliver-message';
import { authenticateSmtpUser } from './authenticate-smtp-user';
import { asSmtpReply, logFailure, reply } from './smtp-reply';
import { hasHeader, prependHeaders, readAll, rfc5322Date } from './raw-message';
import type { ServerTls } from './server-certificate';
import { receivedHeader } from './received-header';
import { declaredSize, fullMailboxes } from './quota-check';

interface SubmitUser {
  principal: Principal;
  sendable: Map<string, MailboxRow>;
}

interface Transaction {
  sender?: MailboxRow;
  local: Map<string, string>;
  remote: string[];
}

export function createSubmissionServer(ctx: MailContext, tls: ServerTls): SMTPServer {
  const { db, settings, log } = ctx;
  const transactions = new WeakMap<SMTPServerSession, Transaction>();
  const txOf = (s: SMTPServerSession) => {
    let t = transactions.get(s);
    if (!t) transactions.set(s, (t = { local: new Map(), remote: [] }));
    return t;
  };

  const server = new SMTPServer({
    name: settings.hostname,
    banner: 'Yizhan government mail submission',
    key: tls.keyPem,
    cert: tls.certPem,
    secure: false,
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: false,
    allowInsecureAuth: false,
    size: settings.maxMessageBytes,
    maxClients: settings.maxClients,
    logger: false,
    disableReverseLookup: true,
    socketTimeout: 120_000,
    closeTimeout: 2_000,

    onAuth(auth, session, callback) {
      authenticateSmtpUser(db, { login: auth.username ?? '', password: auth.password ?? '', ip: session.remoteAddress })
        .then(async (principal) => callback(null, { user: { principal, sendable: await sendableAddresses(db, principal.userId) } satisfies SubmitUser }))
        .catch((e) => callback(asSmtpReply(e)));
    },

    onMailFrom(address, session, callback) {
      const user = session.user as unknown as SubmitUser | undefined;
      const tx: Transaction = { local: new Map(), remote: [] };
      transactions.set(session, tx);
      const from = address.address.toLowerCase();
      const box = user?.sendable.get(from);
      if (!user || !box) return callback(reply(553, `5.7.1 Sender address <${from}> not owned by the authenticated user`));
      tx.sender = box;
      callback();
    },

    onRcptTo(address, session, callback) {
      const tx = txOf(session);
      if (tx.local.size + tx.remote.length >= settings.maxRecipients) return callback(reply(452, '4.5.3 Too many recipients'));
      const rcpt = address.address.toLowerCase();
      ctx.recipients
        .resolve(rcpt)
        .then(async (r) => {
          if (r.unknown.length) throw reply(550, `5.1.1 <${rcpt}>: Recipient address rejected: User unknown`);
          const full = fullMailboxes(r.local, declaredSize(session));
          if (r.lists.length === 0 && r.local.length > 0 && full.size === r.local.length) throw reply(552, `5.2.2 <${rcpt}>: Mailbox full`);
          for (const l of r.local) if (!full.has(l.mailboxId)) tx.local.set(l.mailboxId, l.address);
          tx.remote.push(...r.remote);
          callback();
        })
        .catch((e) => callback(asSmtpReply(e)));
    },

    onData(stream, session, callback) {
      const tx = txOf(session);
      const user = session.user as unknown as SubmitUser;
      readAll(stream, settings.maxMessageBytes)
        .then(async ({ raw, exceeded }) => {
          if (exceeded) throw reply(552, `5.3.4 Message size exceeds the limit of ${settings.maxMessageBytes} bytes`);
          const extra = [receivedHeader(session, settings.hostname)];
          if (!hasHeader(raw, 'Message-ID')) extra.push(`Message-ID: <${crypto.randomUUID()}@${settings.hostname}>`);
          if (!hasHeader(raw, 'Date')) extra.push(`Date: ${rfc5322Date()}`);
          const full = prependHeaders(raw, extra);
          const result = await deliverMessage(ctx, {
            raw: full,
            envelopeFrom: tx.sender!.address,
            source: 'submission',
            inbox: [...tx.local.keys()],
            sentCopy: tx.sender!.id,
            remote: tx.remote,
            authUser: user.principal.username,
            remoteIp: session.remoteAddress,
            checkFrom: (from) => {
              if (!user.sendable.has(from.toLowerCase())) throw reply(550, `5.7.1 From header <${from}> is not an address of the authenticated user`);
            },
          });
          callback(null, `2.0.0 Ok: queued as ${result.messageUuid}`);
        })
        .catch((e) => {
          logFailure(log, e, session.id, 'submission failed');
          callback(asSmtpReply(e));
        });
    },
  });
  server.on('error', (err) => log.warn({ err }, 'submission server error'));
  return server;
}
