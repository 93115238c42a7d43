import type { Migration } from 'kysely';
import * as m0001 from './0001-foundation';
import * as m0002 from './0002-audit-head';

/** Every migration in order. Names sort lexically; never rename or edit one that has shipped. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-audit-head': m0002,
};
