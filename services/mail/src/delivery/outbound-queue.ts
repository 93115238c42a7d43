/**
 * The durable outbound queue: one row per remote recipient, written in the same transaction as the
 * message. The worker leases due rows (FOR UPDATE SKIP LOCKED, so several servers can share the
 * queue; a crashed server's lease runs out and another picks the rows up), DKIM-signs the stored
 * MIME for the domain, hands it to the smarthost or the recipient domain's MX, and records the
 * outcome: sent; a temporary failure retried on the backoff schedule; a permanent failure — or a
 * temporary one that outlived the schedule — bounced to the sender as a DSN.
 */
import dns from 'node:dns';
import nodemailer from 'nodemailer';
import { sql } from 'kysely';
import { dkimSign, type DKIMSignOptions } from 'mailauth';
import type { MailContext } from '../mail-context';
import type { OutboundRow } from '../db/tables';
import type { DkimKey } from './dkim-key';
import { bounceToSender } from './deliver-message';

const LEASE_MS = 5 * 60_000;
const CLAIM_BATCH = 50;

export interface SendTarget {
  host: string;
  port: number;
}

export interface SendOutcome {
  accepted: string[];
  /** Recipient → SMTP response code (0 when the connection itself failed) and text. */
  rejected: Map<string, { code: number; message: string }>;
}

/** Sends one message to some recipients at one host. Replaced in tests. */
export type SmtpSender = (target: SendTarget, envelope: { from: string; to: string[] }, raw: Buffer, hostname: string) => Promise<SendOutcome>;

export const nodemailerSender: SmtpSender = async (target, envelope, raw, hostname) => {
  const transport = nodemailer.createTransport({
    host: target.host,
    port: target.port,
    secure: false,
    name: hostname,
    // Opportunistic STARTTLS as between MX hosts; certificates of other domains are not checked.
    tls: { rejectUnauthorized: false },
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 60_000,
  });
  try {
    const info = await transport.sendMail({ envelope, raw });
    const rejected = new Map<string, { code: number; message: string }>();
    for (const e of (info as { rejectedErrors?: Array<{ recipient?: string; responseCode?: number; response?: string; message: string }> }).rejectedErrors ?? []) {
      if (e.recipient) rejected.set(e.recipient.toLowerCase(), { code: e.responseCode ?? 0, message: e.response ?? e.message });
    }
    for (const r of info.rejected as Array<string | { address: string }>) {
      const address = (typeof r === 'string' ? r : r.address).toLowerCase();
      if (!rejected.has(address)) rejected.set(address, { code: 550, message: 'rejected' });
    }
    return { accepted: (info.accepted as Array<string | { address: string }>).map((a) => (typeof a === 'string' ? a : a.address).toLowerCase()), rejected };
  } catch (e) {
    const err = e as { responseCode?: number; response?: string; message: string; rejectedErrors?: Array<{ recipient?: string; responseCode?: number; response?: string }> };
    const rejected = new Map<string, { code: number; message: string }>();
    for (const to of envelope.to) {
      const specific = err.rejectedErrors?.find((r) => r.recipient?.toLowerCase() === to);
      rejected.set(to, { code: specific?.responseCode ?? err.responseCode ?? 0, message: specific?.response ?? err.response ?? err.message });
    }
    return { accepted: [], rejected };
  } finally {
    transport.close();
  }
};

export interface OutboundOptions {
  dkim: DkimKey;
  sender?: SmtpSender;
  now?: () => Date;
}

export class OutboundQueue {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;
  private readonly sender: SmtpSender;
  private readonly now: () => Date;

  private constructor(
    private readonly ctx: MailContext,
    private readonly opts: OutboundOptions,
  ) {
    this.sender = opts.sender ?? nodemailerSender;
    this.now = opts.now ?? (() => new Date());
  }

  /** Starts polling; `kick()` runs it at once when mail was queued. */
  static create(ctx: MailContext, opts: OutboundOptions & { poll?: boolean }): OutboundQueue {
    const q = new OutboundQueue(ctx, opts);
    if (opts.poll !== false) {
      q.timer = setInterval(() => q.kick(), ctx.settings.outboundPollMs);
      q.timer.unref();
      q.kick();
    }
    return q;
  }

  kick(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          while (!this.closed && (await this.runOnce()) > 0);
        } catch (err) {
          this.ctx.log.error({ err }, 'outbound queue run failed');
        }
      } while (this.again && !this.closed);
    })().finally(() => {
      this.running = null;
    });
  }

  /** Leases and works off the rows due now; returns how many it handled. */
  async runOnce(): Promise<number> {
    const { db } = this.ctx;
    const now = this.now();
    const claimed = await db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('mail_outbound')
        .select('id')
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'queued'), eb('next_attempt_at', '<=', now)]),
            eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', now)]),
          ]),
        )
        .orderBy('next_attempt_at')
        .limit(CLAIM_BATCH)
        .forUpdate()
        .skipLocked()
        .execute();
      if (due.length === 0) return [];
      return trx
        .updateTable('mail_outbound')
        .set({ status: 'sending', lease_until: new Date(now.getTime() + LEASE_MS), updated_at: now })
        .where('id', 'in', due.map((d) => d.id))
        .returningAll()
        .execute();
    });
    const groups = new Map<string, OutboundRow[]>();
    for (const row of claimed) {
      const key = `${row.message_id}|${row.domain}`;
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    for (const rows of groups.values()) await this.deliverGroup(rows);
    return claimed.length;
  }

  private async deliverGroup(rows: OutboundRow[]): Promise<void> {
    const { ctx } = this;
    const first = rows[0];
    const raw = await ctx.platform.blobs.getBuffer(first.raw_sha256);
    const signed = await this.sign(raw);
    const envelope = { from: first.envelope_from, to: rows.map((r) => r.recipient) };
    let outcome: SendOutcome;
    try {
      const targets = await this.targetsFor(first.domain);
      outcome = { accepted: [], rejected: new Map(envelope.to.map((t) => [t, { code: 0, message: 'no mail exchanger reachable' }])) };
      for (const target of targets) {
        outcome = await this.sender(target, envelope, signed, ctx.settings.hostname);
        // Try the next MX only while nothing was answered definitively.
        if (outcome.accepted.length > 0 || [...outcome.rejected.values()].some((r) => r.code >= 400)) break;
      }
    } catch (e) {
      const err = e as { code?: string; message: string };
      const permanent = err.code === 'ENOTFOUND' || err.code === 'ENODATA';
      outcome = { accepted: [], rejected: new Map(envelope.to.map((t) => [t, { code: permanent ? 550 : 0, message: permanent ? `5.1.2 domain ${first.domain} has no mail server` : err.message }])) };
    }
    const now = this.now();
    const bounces: Array<{ recipient: string; status: string; diagnostic: string }> = [];
    await ctx.db.transaction().execute(async (trx) => {
      for (const row of rows) {
        const rejection = outcome.rejected.get(row.recipient);
        if (!rejection && outcome.accepted.includes(row.recipient)) {
          await trx.updateTable('mail_outbound').set({ status: 'sent', lease_until: null, last_error: null, attempts: sql`attempts + 1`, updated_at: now }).where('id', '=', row.id).execute();
          continue;
        }
        const code = rejection?.code ?? 0;
        const message = (rejection?.message ?? 'not accepted').slice(0, 500);
        const attempts = row.attempts + 1;
        const schedule = ctx.settings.retryScheduleMinutes;
        if (code >= 500 || attempts > schedule.length) {
          await trx.updateTable('mail_outbound').set({ status: 'bounced', lease_until: null, last_error: message, attempts, updated_at: now }).where('id', '=', row.id).execute();
          bounces.push({ recipient: row.recipient, status: code >= 500 ? enhancedStatus(message, '5.0.0') : '4.4.7', diagnostic: code >= 500 ? message : `delivery time expired: ${message}` });
        } else {
          const next = new Date(now.getTime() + schedule[attempts - 1] * 60_000);
          await trx.updateTable('mail_outbound').set({ status: 'queued', lease_until: null, last_error: message, attempts, next_attempt_at: next, updated_at: now }).where('id', '=', row.id).execute();
        }
      }
    });
    if (bounces.length && first.sender_mailbox_id && first.envelope_from) {
      await bounceToSender(ctx, { senderMailboxId: first.sender_mailbox_id, original: raw, failures: bounces });
    }
    ctx.log.info({ message: first.message_id, domain: first.domain, accepted: outcome.accepted.length, bounced: bounces.length }, 'outbound delivery');
  }

  private async sign(raw: Buffer): Promise<Buffer> {
    const { dkim } = this.opts;
    // mailauth's typings want the key at the top level; the implementation reads signatureData.
    const result = await dkimSign(raw, {
      canonicalization: 'relaxed/relaxed',
      algorithm: 'rsa-sha256',
      signatureData: [{ signingDomain: dkim.domain, selector: dkim.selector, privateKey: dkim.privateKeyPem }],
    } as unknown as DKIMSignOptions);
    if (result.errors.length) this.ctx.log.warn({ errors: result.errors }, 'DKIM signing failed; sending unsigned');
    return Buffer.concat([Buffer.from(result.signatures, 'utf8'), raw]);
  }

  private async targetsFor(domain: string): Promise<SendTarget[]> {
    const relay = this.ctx.settings.relay;
    if (relay) return [relay];
    try {
      const mx = await dns.promises.resolveMx(domain);
      if (mx.length) return mx.sort((a, b) => a.priority - b.priority).map((m) => ({ host: m.exchange, port: 25 }));
    } catch (e) {
      if ((e as { code?: string }).code !== 'ENODATA') throw e;
    }
    return [{ host: domain, port: 25 }]; // implicit MX (RFC 5321 §5.1)
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}

function enhancedStatus(message: string, fallback: string): string {
  return /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(message)?.[1] ?? fallback;
}
