import type { Platform } from '@yizhan/core';

export interface CliContext {
  platform: Platform;
  /** The caller's working directory: relative --out paths resolve against it. */
  cwd: string;
  stdout(s: string): void;
  stderr(s: string): void;
}

/** The actor recorded in the audit log for CLI actions. */
export const CLI_ACTOR = 'cli:admin';

export class UsageError extends Error {}

export type CliCommand = (args: string[], ctx: CliContext) => Promise<number>;
