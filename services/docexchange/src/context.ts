import type { Platform } from '@yizhan/core';
import { docDb, type DocKysely } from './db/tables';

/** What every docexchange use case gets: the platform and its database typed with our tables. */
export interface DocContext {
  platform: Platform;
  db: DocKysely;
  /** Wakes the dispatcher when deliveries were queued (it also polls). */
  kickDispatcher(): void;
}

export function docContext(platform: Platform, kickDispatcher: () => void = () => {}): DocContext {
  return { platform, db: docDb(platform.db), kickDispatcher };
}
