/**
 * New mail in realtime: after a delivery commits, everyone who reads a receiving 收件箱 (the owner,
 * or the users granted a unit mailbox) gets a 'todos:changed' push (the workspace 待办 and an open
 * mail page reload at once) and a notification (the bell). Notifications are coalesced per user:
 * the first new mail notifies at once, more within the next half minute become one "您有 N 封新邮件"
 * — a burst of mail is one notification, not hundreds (each is a stored row).
 */
import { notify, type Logger, type Platform } from '@yizhan/core';
import type { DeliveredMail } from '../mail-context';
import type { MailKysely } from '../db/tables';
import { readersOf } from '../mailbox/mailbox-access';

const FLUSH_MS = 300;
const NOTIFY_WINDOW_MS = 30_000;

interface Arrival {
  mailboxId: string;
  entryId: string;
  subject: string;
  from: string;
}

interface Held {
  until: number;
  count: number;
  last?: Arrival;
}

export class NewMailNotifier {
  private arrivals: Arrival[] = [];
  /** Users notified recently: what arrived for them since, sent when their window ends. */
  private held = new Map<string, Held>();
  private windowTimer: NodeJS.Timeout | null = null;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly platform: Platform,
    private readonly db: MailKysely,
    private readonly log: Logger,
  ) {}

  delivered(mail: DeliveredMail): void {
    if (this.closed) return;
    for (const e of mail.entries) {
      if (e.folder === 'inbox') this.arrivals.push({ mailboxId: e.mailboxId, entryId: e.entryId, subject: mail.subject, from: mail.fromName || mail.fromAddress });
    }
    if (this.arrivals.length === 0) return;
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.flushing = this.flushing.then(() => this.flush());
    }, FLUSH_MS);
  }

  private async flush(): Promise<void> {
    const batch = this.arrivals.splice(0);
    if (batch.length === 0) return;
    let readers: Map<string, string[]>;
    try {
      readers = await readersOf(this.db, [...new Set(batch.map((a) => a.mailboxId))]);
    } catch (err) {
      this.log.warn({ err }, 'new-mail readers lookup failed');
      return;
    }
    const perUser = new Map<string, { count: number; last: Arrival }>();
    for (const a of batch) {
      for (const userId of readers.get(a.mailboxId) ?? []) perUser.set(userId, { count: (perUser.get(userId)?.count ?? 0) + 1, last: a });
    }
    const now = Date.now();
    for (const [userId, { count, last }] of perUser) {
      this.platform.realtime.toUser(userId, 'todos:changed', { source: 'mail' });
      const held = this.held.get(userId);
      if (held && held.until > now) {
        held.count += count;
        held.last = last;
        continue;
      }
      this.held.set(userId, { until: now + NOTIFY_WINDOW_MS, count: 0 });
      await this.send(userId, count, last);
    }
    this.scheduleWindows();
  }

  private scheduleWindows(): void {
    if (this.windowTimer || this.held.size === 0 || this.closed) return;
    const next = Math.min(...[...this.held.values()].map((h) => h.until));
    this.windowTimer = setTimeout(() => {
      this.windowTimer = null;
      this.flushing = this.flushing.then(() => this.closeWindows(Date.now()));
    }, Math.max(0, next - Date.now()));
    this.windowTimer.unref();
  }

  /** Windows that ended: what arrived during them becomes one notification. */
  private async closeWindows(now: number): Promise<void> {
    for (const [userId, h] of [...this.held]) {
      if (h.until > now) continue;
      this.held.delete(userId);
      if (h.count > 0 && h.last) await this.send(userId, h.count, h.last);
    }
    this.scheduleWindows();
  }

  private async send(userId: string, count: number, last: Arrival): Promise<void> {
    try {
      await notify({
        db: this.platform.db,
        realtime: this.platform.realtime,
        userIds: [userId],
        kind: 'mail.new',
        title: count === 1 ? `新邮件：${last.subject || '（无主题）'}` : `您有 ${count} 封新邮件`,
        body: count === 1 ? `发件人：${last.from}` : `最新一封：${last.subject || '（无主题）'}（${last.from}）`,
        link: `/mail?entry=${last.entryId}`,
      });
    } catch (err) {
      this.log.warn({ err, userId }, 'new-mail notification failed');
    }
  }

  /** Sends what is pending, then stops. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return this.flushing;
    this.closed = true;
    if (this.windowTimer) clearTimeout(this.windowTimer);
    this.windowTimer = null;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
      this.flushing = this.flushing.then(() => this.flush());
    }
    // What was held back for a window is sent now rather than lost.
    this.flushing = this.flushing.then(() => this.closeWindows(Infinity));
    await this.flushing;
  }
}
