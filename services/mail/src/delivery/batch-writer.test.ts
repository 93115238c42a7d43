import { describe, expect, it } from 'vitest';
import type { MailKysely } from '../db/tables';
import { BatchWriter } from './batch-writer';

interface Job {
  id: number;
  boxes: string[];
}

/** An `apply` that records its batches and the jobs being written; each write ends when the test says so. */
function recorder() {
  const inFlight = new Set<Job>();
  const waiting: Array<() => void> = [];
  const batches: number[][] = [];
  const apply = async (_db: MailKysely, jobs: Job[]) => {
    jobs.forEach((j) => inFlight.add(j));
    batches.push(jobs.map((j) => j.id));
    await new Promise<void>((r) => waiting.push(r));
    jobs.forEach((j) => inFlight.delete(j));
    return jobs.map((j) => j.id * 10);
  };
  const releaseAll = async () => {
    for (let i = 0; i < 50 && (waiting.length || inFlight.size); i++) {
      waiting.splice(0).forEach((r) => r());
      await new Promise((r) => setTimeout(r, 1));
    }
  };
  return { apply, batches, inFlight, releaseAll };
}

const db = {} as MailKysely;

describe('BatchWriter', () => {
  it('writes one batch at a time and gathers what arrives meanwhile into the next', async () => {
    const rec = recorder();
    const writer = BatchWriter.create<Job, number>(db, rec.apply, { gatherMs: 0 });
    const results = [writer.write({ id: 1, boxes: ['a'] })];
    await new Promise((r) => setTimeout(r, 1));
    for (let i = 2; i <= 5; i++) results.push(writer.write({ id: i, boxes: [`x${i}`] }));
    await new Promise((r) => setTimeout(r, 1));
    expect(rec.inFlight.size).toBe(1);
    const closing = writer.close();
    await rec.releaseAll();
    await closing;
    expect(await Promise.all(results)).toEqual([10, 20, 30, 40, 50]);
    expect(rec.batches).toEqual([[1], [2, 3, 4, 5]]);
    await expect(writer.write({ id: 6, boxes: [] })).rejects.toThrow(/closed/);
  });

  it('retries a failed batch job by job, so only the bad job fails', async () => {
    const writer = BatchWriter.create<Job, number>(
      db,
      async (_db, jobs) => {
        if (jobs.some((j) => j.id === 2)) throw new Error('bad job');
        return jobs.map((j) => j.id);
      },
      { gatherMs: 5 },
    );
    const settled = await Promise.allSettled([1, 2, 3].map((id) => writer.write({ id, boxes: ['a'] })));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    await writer.close();
  });
});
