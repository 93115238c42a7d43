/** The background job of circulation: sweeps overdue steps on an interval. close() is idempotent. */
import type { DocContext } from '../context';
import { sweepOverdueSteps } from './sweep-overdue-steps';

export class CirculationSweeper {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<unknown> | null = null;
  #closed = false;

  private constructor(private readonly ctx: DocContext) {}

  static create(ctx: DocContext, opts: { intervalMs: number }): CirculationSweeper {
    const sweeper = new CirculationSweeper(ctx);
    sweeper.#timer = setInterval(() => sweeper.sweep(), opts.intervalMs);
    sweeper.#timer.unref();
    return sweeper;
  }

  /** One sweep now (also what the timer does); overlapping calls share the sweep in progress. */
  sweep(): Promise<unknown> {
    if (this.#closed) return Promise.resolve(0);
    this.#running ??= sweepOverdueSteps(this.ctx)
      .catch((err: unknown) => this.ctx.platform.log.error({ err }, 'circulation overdue sweep failed'))
      .finally(() => {
        this.#running = null;
      });
    return this.#running;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running;
  }
}
