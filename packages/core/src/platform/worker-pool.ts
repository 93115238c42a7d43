/**
 * A fixed pool of worker threads running one kind of CPU-bound job (laying out and sealing a 公文),
 * so the thread that serves HTTP, sockets and the database is not blocked by it and a second core
 * is used. Each job goes to the worker with the fewest jobs in flight. A worker that exits or
 * crashes fails its own jobs (the caller's error path runs: an issuance stays 'issuing' and is
 * retried) and is replaced; `close()` is idempotent and fails whatever is still queued.
 *
 * The worker side is a TypeScript module calling `serveWorkerJobs(fn)`; each thread starts at
 * worker-entry.mjs, which registers tsx there first (the parent's loader hooks do not reach new
 * threads) and then imports that module.
 */
import { Worker, parentPort, type Transferable } from 'node:worker_threads';
import type { Logger } from '../log/logger';

interface JobMessage<I> {
  id: number;
  input: I;
}
type ResultMessage<O> = { id: number; output: O } | { id: number; error: { name: string; message: string; stack?: string } };

interface PendingJob<O> {
  resolve(output: O): void;
  reject(err: Error): void;
  slot: Slot;
}

interface Slot {
  worker: Worker;
  inFlight: number;
}

export interface WorkerPoolOptions {
  /** The module each thread runs (it calls serveWorkerJobs). */
  jobModule: URL;
  size: number;
  name: string;
  log: Logger;
}

const WORKER_ENTRY = new URL('./worker-entry.mjs', import.meta.url);

export class WorkerPool<I, O> {
  private readonly slots: Slot[] = [];
  private readonly jobs = new Map<number, PendingJob<O>>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly opts: WorkerPoolOptions) {
    if (opts.size < 1) throw new Error(`WorkerPool ${opts.name}: size must be at least 1`);
    for (let i = 0; i < opts.size; i++) this.slots.push(this.spawn());
  }

  get size(): number {
    return this.slots.length;
  }

  run(input: I, transfer: Transferable[] = []): Promise<O> {
    if (this.closed) return Promise.reject(new Error(`worker pool ${this.opts.name} is closed`));
    const slot = this.slots.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
    const id = this.nextId++;
    return new Promise<O>((resolve, reject) => {
      this.jobs.set(id, { resolve, reject, slot });
      if (slot.inFlight++ === 0) slot.worker.ref(); // a job in flight keeps the process alive
      slot.worker.postMessage({ id, input } satisfies JobMessage<I>, transfer);
    });
  }

  /** Idempotent: stops the threads; jobs still running fail. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.failJobs(() => true, new Error(`worker pool ${this.opts.name} closed`));
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_ENTRY, { workerData: { jobModule: this.opts.jobModule.href }, name: this.opts.name });
    const slot: Slot = { worker, inFlight: 0 };
    worker.unref(); // an idle pool never keeps the process alive (see done())
    worker.on('message', (m: ResultMessage<O>) => {
      const job = this.jobs.get(m.id);
      if (!job) return;
      this.jobs.delete(m.id);
      this.done(slot);
      if ('error' in m) {
        const err = new Error(m.error.message);
        err.name = m.error.name;
        if (m.error.stack) err.stack = m.error.stack;
        job.reject(err);
      } else {
        job.resolve(m.output);
      }
    });
    worker.on('error', (err) => this.opts.log.error({ err, pool: this.opts.name }, 'worker thread failed'));
    worker.on('exit', (code) => {
      this.failJobs((j) => j.slot === slot, new Error(`worker thread of ${this.opts.name} exited (code ${code})`));
      if (this.closed) return;
      this.opts.log.warn({ pool: this.opts.name, code }, 'worker thread exited; starting another');
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots[i] = this.spawn();
    });
    return slot;
  }

  private done(slot: Slot): void {
    if (--slot.inFlight === 0) slot.worker.unref();
  }

  private failJobs(match: (job: PendingJob<O>) => boolean, err: Error): void {
    for (const [id, job] of this.jobs) {
      if (!match(job)) continue;
      this.jobs.delete(id);
      this.done(job.slot);
      job.reject(err);
    }
  }
}

/**
 * The worker side: answers each job message with fn's result. `transfer` picks the ArrayBuffers
 * of the output to move rather than copy back.
 */
export function serveWorkerJobs<I, O>(fn: (input: I) => Promise<O>, transfer: (output: O) => Transferable[] = () => []): void {
  if (!parentPort) throw new Error('serveWorkerJobs must run in a worker thread');
  const port = parentPort;
  port.on('message', (m: JobMessage<I>) => {
    fn(m.input).then(
      (output) => port.postMessage({ id: m.id, output } satisfies ResultMessage<O>, transfer(output)),
      (e: unknown) => {
        const err = e instanceof Error ? e : new Error(String(e));
        port.postMessage({ id: m.id, error: { name: err.name, message: err.message, stack: err.stack } } satisfies ResultMessage<O>);
      },
    );
  });
}
