/**
 * Group commit: jobs that arrive while a transaction runs — or within a few milliseconds of the
 * first one when the writer was idle — are written together, so many SMTP sessions share one
 * transaction (on the embedded database each statement has a fixed cost). A batch that fails is
 * retried job by job, so one bad message fails alone. `apply` writes a batch atomically (one
 * statement or one transaction: see storeMessages); each caller's promise settles only after its
 * job's write committed.
 */
import type { MailKysely } from '../db/tables';

interface Pending<J, R> {
  job: J;
  resolve(r: R): void;
  reject(e: unknown): void;
}

export class BatchWriter<J, R> {
  private queue: Array<Pending<J, R>> = [];
  private running = false;
  private closed = false;
  private idle: Array<() => void> = [];
  /** When the last transaction finished (performance.now()); background work waits for quiet. */
  lastWriteAt = 0;
  /** Counters for benchmarks: batches written, jobs in them, milliseconds spent in `apply`. */
  readonly stats = { batches: 0, jobs: 0, writeMs: 0 };

  private constructor(
    private readonly db: MailKysely,
    private readonly apply: (db: MailKysely, jobs: J[]) => Promise<R[]>,
    private readonly maxBatch: number,
    private readonly gatherMs: number,
  ) {}

  /** `apply` writes a batch of jobs atomically (all or nothing, committed when it resolves) and returns one result per job, in order. */
  static create<J, R>(db: MailKysely, apply: (db: MailKysely, jobs: J[]) => Promise<R[]>, opts: { maxBatch?: number; gatherMs?: number } = {}): BatchWriter<J, R> {
    return new BatchWriter(db, apply, opts.maxBatch ?? 64, opts.gatherMs ?? 3);
  }

  write(job: J): Promise<R> {
    if (this.closed) return Promise.reject(new Error('mail writer is closed'));
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  /** Jobs waiting or being written. */
  get pending(): number {
    return this.queue.length + (this.running ? 1 : 0);
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      // Let the sessions that are a moment behind join this transaction.
      if (this.gatherMs > 0 && this.queue.length < this.maxBatch) await new Promise((r) => setTimeout(r, this.gatherMs));
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          const t0 = performance.now();
          const results = await this.apply(this.db, batch.map((p) => p.job));
          this.stats.batches++;
          this.stats.jobs += batch.length;
          this.stats.writeMs += performance.now() - t0;
          batch.forEach((p, i) => p.resolve(results[i]));
        } catch (batchError) {
          if (batch.length === 1) {
            batch[0].reject(batchError);
            continue;
          }
          for (const p of batch) {
            try {
              p.resolve((await this.apply(this.db, [p.job]))[0]);
            } catch (e) {
              p.reject(e);
            }
          }
        }
      }
    } finally {
      this.running = false;
      this.lastWriteAt = performance.now();
      for (const fn of this.idle.splice(0)) fn();
    }
  }

  /** Stops taking jobs; waits for the ones already taken. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    if (!this.running) return;
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }
}
