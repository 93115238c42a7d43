/**
 * The dispatcher: drains the delivery outbox, finishes documents left 'issuing' by a crash, and
 * sweeps for overdue 签收. One per process; several processes share the queue safely.
 */
import { pushNotifications } from '@yizhan/core';
import type { DocContext } from '../context';
import { completeIssuance } from '../documents/complete-issuance';
import { deliverBatch } from './deliver-batch';
import { sweepOverdue } from './sweep-overdue';

export class Dispatcher {
  readonly #ctx: DocContext;
  #running: Promise<void> | null = null;
  #again = false;
  #closed = false;
  #timers: NodeJS.Timeout[] = [];

  private constructor(ctx: DocContext) {
    this.#ctx = ctx;
  }

  static create(ctx: DocContext, opts: { pollMs?: number; overdueSweepMs: number }): Dispatcher {
    const d = new Dispatcher(ctx);
    d.#timers.push(setInterval(() => d.kick(), opts.pollMs ?? 5000), setInterval(() => void d.#sweep(), opts.overdueSweepMs));
    for (const t of d.#timers) t.unref();
    d.#running = d.#recover().finally(() => {
      d.#running = null;
      d.kick();
    });
    return d;
  }

  /** Start a drain now (or right after the one running). */
  kick(): void {
    if (this.#closed) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#drain().finally(() => {
      this.#running = null;
      if (this.#again) {
        this.#again = false;
        this.kick();
      }
    });
  }

  /** Resolves when nothing is queued (tests, the CLI waiting for its dispatch). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const t of this.#timers) clearInterval(t);
    await this.idle();
  }

  async #recover(): Promise<void> {
    const stuck = await this.#ctx.db.selectFrom('documents').select('id').where('status', '=', 'issuing').execute();
    for (const { id } of stuck) {
      if (this.#closed) return;
      try {
        await completeIssuance(this.#ctx, id);
      } catch (err) {
        this.#ctx.platform.log.error({ err, documentId: id }, 'could not complete an interrupted issuance');
      }
    }
  }

  async #drain(): Promise<void> {
    const { platform } = this.#ctx;
    try {
      while (!this.#closed) {
        const { delivered, notes } = await deliverBatch(this.#ctx, platform.config.docexchange.dispatchBatch);
        if (!delivered.length) return;
        pushNotifications(platform.realtime, notes);
        for (const d of delivered) {
          platform.realtime.toAgency(d.recipientCode, 'document:incoming', { deliveryId: d.deliveryId, documentId: d.documentId, title: d.title, docNumber: d.docNumber, urgency: d.urgency, fromAgencyName: d.fromAgencyName });
          platform.realtime.toAgency(d.recipientCode, 'todos:changed', { source: 'docexchange' });
          platform.realtime.toAgency(d.senderCode, 'delivery:updated', { documentId: d.documentId, deliveryId: d.deliveryId, agencyCode: d.recipientCode, status: 'delivered' });
        }
      }
    } catch (err) {
      platform.log.error({ err }, 'delivery batch failed; will retry');
    }
  }

  async #sweep(): Promise<void> {
    if (this.#closed) return;
    const { platform } = this.#ctx;
    try {
      const { overdue, notes } = await sweepOverdue(this.#ctx);
      pushNotifications(platform.realtime, notes);
      for (const o of overdue) {
        platform.realtime.toAgency(o.recipientCode, 'todos:changed', { source: 'docexchange' });
        platform.realtime.toAgency(o.senderCode, 'todos:changed', { source: 'docexchange' });
      }
    } catch (err) {
      platform.log.error({ err }, 'overdue sweep failed');
    }
  }

  /** For tests and the CLI: run the overdue sweep now. */
  sweepNow(): Promise<void> {
    return this.#sweep();
  }
}
