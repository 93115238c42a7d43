/**
 * Where the issued files of a 公文 are produced: on a pool of worker threads (one per core by
 * default, started on the first issuance), or on the calling thread when configured with 0 (the
 * CLI, which issues one document and exits). Layout, seal and encryption are ~30 ms of CPU per
 * document; on the main thread they would hold up every request and socket meanwhile, and leave
 * the second core to PostgreSQL alone.
 */
import { WorkerPool, type Logger } from '@yizhan/core';
import { asBuffer, produceIssuedFiles, type IssuedFiles, type IssuedFilesInput } from './issued-files';

export class IssuanceRunner {
  private pool: WorkerPool<IssuedFilesInput, IssuedFiles> | null = null;
  private closed = false;

  constructor(
    private readonly threads: number,
    private readonly log: Logger,
  ) {}

  async produce(input: IssuedFilesInput): Promise<IssuedFiles> {
    if (this.threads === 0) return produceIssuedFiles(input);
    if (this.closed) throw new Error('issuance runner closed');
    this.pool ??= new WorkerPool<IssuedFilesInput, IssuedFiles>({ jobModule: new URL('./issuance-worker.ts', import.meta.url), size: this.threads, name: 'issuance', log: this.log });
    const out = await this.pool.run(input);
    return { pdf: asBuffer(out.pdf), tar: asBuffer(out.tar), envelope: asBuffer(out.envelope) };
  }

  /** Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    await this.pool?.close();
  }
}
