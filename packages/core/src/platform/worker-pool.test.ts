import { describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger';
import { WorkerPool } from './worker-pool';

const jobModule = new URL('./worker-pool-fixture.ts', import.meta.url);

describe('WorkerPool', () => {
  it('runs jobs on threads, passes errors back, replaces a thread that dies, and closes once', async () => {
    const pool = new WorkerPool<number | 'fail' | 'die', number>({ jobModule, size: 2, name: 'test', log: createLogger('silent') });
    expect(await Promise.all([1, 2, 3, 4, 5].map((n) => pool.run(n)))).toEqual([2, 4, 6, 8, 10]);

    const failed = await pool.run('fail').catch((e: Error) => e);
    expect(failed).toBeInstanceOf(Error);
    expect(failed).toMatchObject({ name: 'RangeError', message: 'refused on purpose' });

    await expect(pool.run('die')).rejects.toThrow(/exited \(code 3\)/);
    // the pool still has two threads and serves
    expect(pool.size).toBe(2);
    expect(await Promise.all([10, 20, 30].map((n) => pool.run(n)))).toEqual([20, 40, 60]);

    await pool.close();
    await pool.close();
    await expect(pool.run(1)).rejects.toThrow(/closed/);
  });
});
