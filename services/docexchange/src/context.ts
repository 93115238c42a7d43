import type { Platform } from '@yizhan/core';
import { docDb, type DocKysely } from './db/tables';
import { IssuanceRunner } from './documents/issuance-runner';

/** What every docexchange use case gets: the platform and its database typed with our tables. */
export interface DocContext {
  platform: Platform;
  db: DocKysely;
  /** Wakes the dispatcher when deliveries were queued (it also polls). */
  kickDispatcher(): void;
  /** Produces the sealed PDF, package and envelope of an issued document (worker threads). */
  issuance: IssuanceRunner;
}

export function docContext(platform: Platform, kickDispatcher: () => void = () => {}, opts: { issuanceThreads?: number } = {}): DocContext {
  const issuance = new IssuanceRunner(opts.issuanceThreads ?? platform.config.docexchange.issuanceThreads, platform.log);
  return { platform, db: docDb(platform.db), kickDispatcher, issuance };
}
