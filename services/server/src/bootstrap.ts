/** First-start work shared by the server and a CLI without a server: the city CA and the demo city. */
import { AppError, buildDemoCity, DEMO_ACCOUNTS, ensureCityCa, seedDirectory, type Platform } from '@yizhan/core';

export const DEMO_PASSWORD = 'yizhan2026';

export async function bootstrapPlatform(platform: Platform): Promise<{ seeded: boolean }> {
  await ensureCityCa(platform.db, platform.masterKey);
  if (!platform.config.demo) return { seeded: false };
  const any = await platform.db.selectFrom('agencies').select('code').limit(1).executeTakeFirst();
  if (any) return { seeded: false };
  let counts;
  try {
    counts = await seedDirectory({ db: platform.db, spec: buildDemoCity(), mailDomain: platform.config.mailDomain, password: DEMO_PASSWORD, actor: 'system' });
  } catch (e) {
    if (e instanceof AppError && e.code === 'CONFLICT') return { seeded: false }; // another server sharing the database seeded first
    throw e;
  }
  platform.log.info(counts, 'demo city seeded');
  return { seeded: true };
}

export function demoLoginLines(): string[] {
  const a = DEMO_ACCOUNTS;
  return [
    `  系统管理员 admin          ${a.admin} / ${DEMO_PASSWORD}`,
    `  市政府收发员 clerk         ${a.cityGovClerk} / ${DEMO_PASSWORD}`,
    `  市长 leader               ${a.cityGovLeader} / ${DEMO_PASSWORD}`,
    `  市发改委收发员 clerk       ${a.fgwClerk} / ${DEMO_PASSWORD}`,
    `  东城区政府收发员 clerk     ${a.countyClerk} / ${DEMO_PASSWORD}`,
    `  会场操作员 venue operator  ${a.venueOperator} / ${DEMO_PASSWORD}`,
    `  (every demo user has the password ${DEMO_PASSWORD}; list them with: npx yizhan users --json)`,
  ];
}
