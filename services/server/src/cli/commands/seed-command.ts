import { parseArgs } from 'node:util';
import { buildDemoCity, seedDirectory } from '@yizhan/core';
import { bootstrapPlatform, DEMO_PASSWORD } from '../../bootstrap';
import { CLI_ACTOR, type CliCommand } from '../cli-io';

/** yizhan seed [--reset] — the deterministic demo city; --reset replaces the directory (the CA and audit log stay). */
export const seedCommand: CliCommand = async (args, ctx) => {
  const { values } = parseArgs({ args, options: { reset: { type: 'boolean', default: false } }, strict: true });
  const { platform } = ctx;
  if (values.reset) {
    const counts = await seedDirectory({ db: platform.db, spec: buildDemoCity(), mailDomain: platform.config.mailDomain, password: DEMO_PASSWORD, actor: CLI_ACTOR, reset: true });
    ctx.stdout(`reseeded: ${counts.agencies} agencies, ${counts.users} users, ${counts.venues} venues\n`);
    return 0;
  }
  const { seeded } = await bootstrapPlatform({ ...platform, config: { ...platform.config, demo: true } });
  ctx.stdout(seeded ? 'demo city seeded\n' : 'the directory already has data; use --reset to replace it\n');
  return 0;
};
