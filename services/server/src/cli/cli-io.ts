export { CLI_ACTOR, UsageError, type CliIo as CliContext, type CliCommandSpec } from '@yizhan/core';
import type { CliIo } from '@yizhan/core';

export type CliCommand = (args: string[], ctx: CliIo) => Promise<number>;
