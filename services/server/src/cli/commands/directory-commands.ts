import { parseArgs } from 'node:util';
import { createUser, listAgencies, listPeople, resetPassword, ROLES, type Role } from '@yizhan/core';
import { CLI_ACTOR, UsageError, type CliCommand } from '../cli-io';

/** yizhan agencies [--json] — code, name, parent, prefix, mail address. */
export const agenciesCommand: CliCommand = async (args, ctx) => {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } }, strict: true });
  const agencies = (await listAgencies(ctx.platform.db)).map((a) => ({ code: a.code, name: a.name, parent: a.parentCode, prefix: a.docPrefix, mailAddress: a.mailAddress }));
  if (values.json) ctx.stdout(JSON.stringify(agencies, null, 2) + '\n');
  else for (const a of agencies) ctx.stdout(`${a.code.padEnd(12)} ${a.prefix.padEnd(6, '　')} ${a.name}  <${a.mailAddress}>\n`);
  return 0;
};

const USERS_USAGE = [
  'usage: yizhan users [--json] [--agency CODE]',
  '       yizhan users add USER --name NAME --agency CODE --roles clerk,leader --password P [--title T]',
  '       yizhan users reset-password USER --password P',
].join('\n');

export const usersCommand: CliCommand = async (args, ctx) => {
  const { db, config } = ctx.platform;
  const [sub, ...rest] = args;
  if (sub === 'add') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { name: { type: 'string' }, agency: { type: 'string' }, roles: { type: 'string' }, password: { type: 'string' }, title: { type: 'string', default: '' } },
      strict: true,
    });
    const username = positionals[0];
    if (!username || !values.name || !values.agency || !values.roles || !values.password) throw new UsageError(USERS_USAGE);
    const roles = values.roles.split(',').map((r) => r.trim());
    const bad = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
    if (bad.length) throw new UsageError(`unknown role(s) ${bad.join(', ')}; roles are ${ROLES.join(', ')}`);
    const user = await createUser({ db, actor: CLI_ACTOR, mailDomain: config.mailDomain, username, name: values.name, agencyCode: values.agency, roles: roles as Role[], title: values.title, password: values.password });
    ctx.stdout(`created ${user.username} <${user.mail_address}>\n`);
    return 0;
  }
  if (sub === 'reset-password') {
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { password: { type: 'string' } }, strict: true });
    if (!positionals[0] || !values.password) throw new UsageError(USERS_USAGE);
    await resetPassword({ db, actor: CLI_ACTOR, username: positionals[0], password: values.password });
    ctx.stdout(`password reset for ${positionals[0]}; their sessions were ended\n`);
    return 0;
  }
  if (sub !== undefined && !sub.startsWith('--')) throw new UsageError(USERS_USAGE);
  const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false }, agency: { type: 'string' } }, strict: true });
  const { users } = await listPeople({ db, agency: values.agency, limit: 1_000_000, offset: 0, includeDisabled: true });
  const rows = users.map((u) => ({ username: u.username, name: u.name, agency: u.agencyCode, roles: u.roles, mailAddress: u.mailAddress, disabled: u.disabled }));
  if (values.json) ctx.stdout(JSON.stringify(rows, null, 2) + '\n');
  else for (const u of rows) ctx.stdout(`${u.username.padEnd(16)} ${u.name}\t${u.agency}\t${u.roles.join(',')}\t${u.mailAddress}${u.disabled ? '\t(停用)' : ''}\n`);
  return 0;
};
