import type { Migration } from 'kysely';
import * as m0001 from './0001-foundation';

/** Every migration in order. Names sort lexically; never rename or edit one that has shipped. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001-foundation': m0001,
};
