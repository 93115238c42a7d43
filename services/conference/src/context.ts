import type { Platform } from '@yizhan/core';
import { confDb, type ConfKysely } from './db/tables';

/** What every conference use case gets: the platform and its database typed with our tables. */
export interface ConfContext {
  platform: Platform;
  db: ConfKysely;
}

export function confContext(platform: Platform): ConfContext {
  return { platform, db: confDb(platform.db) };
}
