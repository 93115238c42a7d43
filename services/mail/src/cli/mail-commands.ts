/**
 * `yizhan mailbox …` (list a mailbox's messages for automation and checks) and `yizhan mail …`
 * (DKIM record, quotas, unit-mailbox grants, lists, aliases, the outbound queue).
 */
import { parseArgs } from 'node:util';
import { AppError, CLI_ACTOR, UsageError, type CliCommandSpec, type CliIo } from '@yizhan/core';
import { createMailContext, type MailContext } from '../mail-context';
import { mailSettingsFrom } from '../mail-settings';
import { findMailbox } from '../admin/find-mailbox';
import { ensureDkimKey, dkimDnsRecord } from '../delivery/dkim-key';
import { setQuota } from '../admin/set-quota';
import { grantMailbox, listGrants, revokeMailbox } from '../admin/manage-grants';
import { addAlias, createList, listLists } from '../admin/manage-lists';
import { outboundStatus } from '../admin/outbound-status';

const contextOf = (io: CliIo): MailContext => createMailContext(io.platform, mailSettingsFrom(io.platform.config));

/** Folder names accepted on the command line: IMAP-style, role, or the Chinese name. */
const FOLDER_ALIASES: Record<string, string> = {
  inbox: 'inbox',
  收件箱: 'inbox',
  sent: 'sent',
  'sent items': 'sent',
  已发送: 'sent',
  drafts: 'drafts',
  草稿: 'drafts',
  trash: 'trash',
  deleted: 'trash',
  已删除: 'trash',
  archive: 'archive',
  归档: 'archive',
};

const MAILBOX_USAGE = 'usage: yizhan mailbox (--user USER | --mailbox ADDRESS) [--folder INBOX] [--limit N] [--json]';

async function mailboxCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { user: { type: 'string' }, mailbox: { type: 'string' }, folder: { type: 'string', default: 'INBOX' }, limit: { type: 'string', default: '100' }, json: { type: 'boolean', default: false } },
    strict: true,
  });
  const ref = values.user ?? values.mailbox;
  if (!ref) throw new UsageError(MAILBOX_USAGE);
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(MAILBOX_USAGE);
  const ctx = contextOf(io);
  const box = await findMailbox(ctx.db, ref);
  const wanted = values.folder.trim();
  const role = FOLDER_ALIASES[wanted.toLowerCase()];
  const folder = await ctx.db
    .selectFrom('mail_folders')
    .select(['id', 'name', 'role'])
    .where('mailbox_id', '=', box.id)
    .where((eb) => (role ? eb('role', '=', role) : eb('name', '=', wanted)))
    .executeTakeFirst();
  if (!folder) throw new AppError('NOT_FOUND', `no folder ${wanted} in ${box.address}`, { userMessage: `邮箱 ${box.address} 中没有文件夹“${wanted}”` });

  const rows = await ctx.db
    .selectFrom('mail_entries')
    .innerJoin('mail_messages', 'mail_messages.id', 'mail_entries.message_id')
    .select([
      'mail_entries.id',
      'mail_entries.seen',
      'mail_entries.flagged',
      'mail_entries.received_at',
      'mail_messages.id as message_uuid',
      'mail_messages.message_id',
      'mail_messages.from_address',
      'mail_messages.from_name',
      'mail_messages.subject',
      'mail_messages.sent_at',
      'mail_messages.raw_size',
      'mail_messages.raw_sha256',
    ])
    .where('mail_entries.folder_id', '=', folder.id)
    .orderBy('mail_entries.received_at', 'desc')
    .limit(limit)
    .execute();
  const atts = rows.length
    ? await ctx.db
        .selectFrom('mail_attachments')
        .select(['message_id', 'idx', 'filename', 'content_type', 'size', 'sha256', 'inline'])
        .where('message_id', 'in', rows.map((r) => r.message_uuid))
        .orderBy('idx')
        .execute()
    : [];
  const messages = rows.map((r) => ({
    id: r.id,
    messageId: r.message_id,
    from: r.from_name ? `${r.from_name} <${r.from_address}>` : r.from_address,
    fromAddress: r.from_address,
    subject: r.subject,
    date: new Date(r.sent_at ?? r.received_at).toISOString(),
    receivedAt: new Date(r.received_at).toISOString(),
    size: r.raw_size,
    rawSha256: r.raw_sha256,
    seen: r.seen,
    flagged: r.flagged,
    attachments: atts.filter((a) => a.message_id === r.message_uuid && !a.inline).map((a) => ({ filename: a.filename, contentType: a.content_type, size: a.size, sha256: a.sha256 })),
  }));
  if (values.json) {
    io.stdout(JSON.stringify({ mailbox: box.address, folder: folder.role ?? folder.name, messages }, null, 2) + '\n');
  } else {
    io.stdout(`${box.address} — ${folder.name}（${messages.length}）\n`);
    for (const m of messages) {
      const paper = m.attachments.length ? `  📎${m.attachments.map((a) => a.filename).join(', ')}` : '';
      io.stdout(`${m.date.slice(0, 16).replace('T', ' ')}  ${m.seen ? ' ' : '*'} ${m.from}  ${m.subject}${paper}\n`);
    }
  }
  return 0;
}

const MAIL_USAGE = [
  'usage: yizhan mail dkim [--json]                          the DKIM DNS TXT record to publish',
  '       yizhan mail quota MAILBOX --mb N                    set a mailbox quota (user, address or agency code)',
  '       yizhan mail grant MAILBOX --user USER [--read-only] give a user a unit mailbox',
  '       yizhan mail revoke MAILBOX --user USER',
  '       yizhan mail grants MAILBOX [--json]',
  '       yizhan mail list-create ADDRESS --name NAME --members a@x,b@y',
  '       yizhan mail lists [--json]',
  '       yizhan mail alias ALIAS --to MAILBOX',
  '       yizhan mail queue [--json]                          outbound queue counts',
].join('\n');

async function mailCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const ctx = contextOf(io);
  const opts = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      mb: { type: 'string' },
      user: { type: 'string' },
      'read-only': { type: 'boolean', default: false },
      name: { type: 'string' },
      members: { type: 'string' },
      to: { type: 'string' },
    },
    strict: true,
  });
  const { values, positionals } = opts;
  const out = (value: unknown, text: string) => io.stdout(values.json ? JSON.stringify(value, null, 2) + '\n' : text);
  switch (sub) {
    case 'dkim': {
      const key = await ensureDkimKey(ctx.db, io.platform.masterKey, ctx.settings);
      const record = { selector: key.selector, domain: key.domain, ...dkimDnsRecord(key) };
      out(record, `${record.name}. IN TXT "${record.txt}"\n`);
      return 0;
    }
    case 'quota': {
      const mb = Number(values.mb);
      if (!positionals[0] || !Number.isInteger(mb) || mb < 1) throw new UsageError(MAIL_USAGE);
      const r = await setQuota(ctx, { actor: CLI_ACTOR, mailbox: positionals[0], quotaMb: mb });
      out(r, `${r.address}: ${mb} MB (used ${(r.usedBytes / 1024 / 1024).toFixed(1)} MB)\n`);
      return 0;
    }
    case 'grant':
    case 'revoke': {
      if (!positionals[0] || !values.user) throw new UsageError(MAIL_USAGE);
      if (sub === 'grant') await grantMailbox(ctx, { actor: CLI_ACTOR, mailbox: positionals[0], username: values.user, canSend: !values['read-only'] });
      else await revokeMailbox(ctx, { actor: CLI_ACTOR, mailbox: positionals[0], username: values.user });
      io.stdout(`${sub === 'grant' ? 'granted' : 'revoked'} ${positionals[0]} ${sub === 'grant' ? 'to' : 'from'} ${values.user}\n`);
      return 0;
    }
    case 'grants': {
      if (!positionals[0]) throw new UsageError(MAIL_USAGE);
      const grants = await listGrants(ctx, positionals[0]);
      out(grants, grants.map((g) => `${g.username}\t${g.name}\t${g.canSend ? '可发信' : '只读'}\n`).join(''));
      return 0;
    }
    case 'list-create': {
      if (!positionals[0] || !values.name || !values.members) throw new UsageError(MAIL_USAGE);
      const members = values.members.split(',').map((m) => m.trim()).filter(Boolean);
      await createList(ctx, { actor: CLI_ACTOR, address: positionals[0], name: values.name, members });
      io.stdout(`created list ${positionals[0]} with ${members.length} member(s)\n`);
      return 0;
    }
    case 'lists': {
      const lists = await listLists(ctx);
      out(lists, lists.map((l) => `${l.address}\t${l.name}\t${l.kind === 'custom' ? `${l.members.length} 成员` : '按通讯录'}\n`).join(''));
      return 0;
    }
    case 'alias': {
      if (!positionals[0] || !values.to) throw new UsageError(MAIL_USAGE);
      await addAlias(ctx, { actor: CLI_ACTOR, alias: positionals[0], mailbox: values.to });
      io.stdout(`${positionals[0]} → ${values.to}\n`);
      return 0;
    }
    case 'queue': {
      const s = await outboundStatus(ctx);
      out(s, `queued ${s.queued}, sending ${s.sending}, sent ${s.sent}, bounced ${s.bounced}\n`);
      return 0;
    }
    default:
      throw new UsageError(MAIL_USAGE);
  }
}

export const MAIL_COMMANDS: Record<string, CliCommandSpec> = {
  mailbox: { run: mailboxCommand, summary: 'mailbox --user USER [--folder INBOX] [--json]  list a mailbox’s messages (id, from, subject, date, attachments)' },
  mail: { run: mailCommand, summary: 'mail dkim|quota|grant|revoke|grants|list-create|lists|alias|queue …  mail administration' },
};
