/** A job module for worker-pool.test.ts: doubles numbers, throws on 'fail', exits the thread on 'die'. */
import { serveWorkerJobs } from './worker-pool';

serveWorkerJobs<number | 'fail' | 'die', number>(async (input) => {
  if (input === 'fail') throw new RangeError('refused on purpose');
  if (input === 'die') process.exit(3);
  return input * 2;
});
