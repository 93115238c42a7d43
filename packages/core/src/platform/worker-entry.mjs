// First module of every WorkerPool thread: TypeScript sources run through tsx, whose loader hooks
// registered on the main thread do not reach a new thread; register them here, then load the job.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.jobModule);
