/**
 * Where mail to an address goes: a mailbox (personal, unit, or through an alias), a distribution
 * list (expanded to mailboxes), a remote domain, or nowhere (550). Lists:
 *   all-staff@<agency>.<domain>   everyone in the agency (全体人员), following the directory
 *   all-counties@<domain>         every county/district government's unit mailbox (各县区政府)
 *   all-departments@<domain>      every city department's unit mailbox (市直各部门)
 *   all-bodies@<domain>           the four leading bodies' unit mailboxes (四大班子)
 *   all-units@<domain>            every agency's unit mailbox (全市各单位)
 *   custom lists made by an admin (mail_lists), whose members may be any of the above
 */
import { sql } from 'kysely';
import { CITY_ROOT_CODE } from '@yizhan/core';
import type { MailKysely } from '../db/tables';
import type { MailSettings } from '../mail-settings';

export const STAFF_LIST_LOCAL = 'all-staff';

/** Level lists at the root domain: local part → agency kinds and the Chinese label. */
export const LEVEL_LISTS: Record<string, { kinds: string[] | null; name: string }> = {
  'all-counties': { kinds: ['county'], name: '各县区人民政府' },
  'all-departments': { kinds: ['department'], name: '市直各部门' },
  'all-bodies': { kinds: ['body'], name: '四大班子' },
  'all-units': { kinds: null, name: '全市各单位' },
};

const MAX_LIST_DEPTH = 4;

export interface LocalTarget {
  mailboxId: string;
  address: string;
  usedBytes: number;
  quotaBytes: number;
}

export interface ResolvedRecipients {
  /** Distinct local mailboxes. */
  local: LocalTarget[];
  remote: string[];
  unknown: string[];
  /** Addresses that were lists (a remote sender may not post to them). */
  lists: string[];
}

export function splitAddress(address: string): { local: string; domain: string } {
  const at = address.lastIndexOf('@');
  return { local: address.slice(0, at).toLowerCase(), domain: address.slice(at + 1).toLowerCase() };
}

export function isLocalDomain(domain: string, settings: Pick<MailSettings, 'domain'>): boolean {
  const d = domain.toLowerCase();
  return d === settings.domain || d.endsWith(`.${settings.domain}`);
}

/** Agency code of a local mail domain (fgw.example.gov.cn → fgw; the bare domain → the city root). */
export function agencyCodeOfDomain(domain: string, settings: Pick<MailSettings, 'domain'>): string | null {
  const d = domain.toLowerCase();
  if (d === settings.domain) return CITY_ROOT_CODE;
  if (!d.endsWith(`.${settings.domain}`)) return null;
  const label = d.slice(0, -(settings.domain.length + 1));
  return label.includes('.') ? null : label;
}

export async function resolveRecipients(db: MailKysely, settings: MailSettings, addresses: string[]): Promise<ResolvedRecipients> {
  const out: ResolvedRecipients = { local: [], remote: [], unknown: [], lists: [] };
  const seenMailboxes = new Set<string>();
  const seenAddresses = new Set<string>();
  const addLocal = (t: LocalTarget) => {
    if (seenMailboxes.has(t.mailboxId)) return;
    seenMailboxes.add(t.mailboxId);
    out.local.push(t);
  };

  let frontier = addresses.map((a) => a.toLowerCase());
  for (let depth = 0; frontier.length > 0 && depth < MAX_LIST_DEPTH; depth++) {
    const next: string[] = [];
    const todo = frontier.filter((a) => !seenAddresses.has(a));
    todo.forEach((a) => seenAddresses.add(a));
    if (todo.length === 0) break;
    const localOnes = todo.filter((a) => isLocalDomain(splitAddress(a).domain, settings));
    out.remote.push(...todo.filter((a) => !isLocalDomain(splitAddress(a).domain, settings)));
    if (localOnes.length === 0) break;

    // One round trip for the three kinds of local address (a statement costs more than its rows here).
    const rows = await sql<{ kind: 'box' | 'list'; address: string; id: string | null; used: number | null; quota: number | null; member: string | null }>`
      SELECT 'box' AS kind, m.address, m.id, m.used_bytes AS used, m.quota_bytes AS quota, NULL AS member FROM mail_mailboxes m WHERE m.address IN (${sql.join(localOnes)})
      UNION ALL
      SELECT 'box', a.address, m.id, m.used_bytes, m.quota_bytes, NULL FROM mail_aliases a JOIN mail_mailboxes m ON m.id = a.mailbox_id WHERE a.address IN (${sql.join(localOnes)})
      UNION ALL
      SELECT 'list', l.address, NULL, NULL, NULL, lm.address FROM mail_lists l JOIN mail_list_members lm ON lm.list_id = l.id WHERE l.address IN (${sql.join(localOnes)})
    `.execute(db);
    const boxes = rows.rows.filter((r) => r.kind === 'box');
    const lists = rows.rows.filter((r) => r.kind === 'list').map((r) => ({ address: r.address, member: r.member! }));
    const found = new Set<string>();
    for (const b of boxes) {
      found.add(b.address);
      addLocal({ mailboxId: b.id!, address: b.address, usedBytes: Number(b.used), quotaBytes: Number(b.quota) });
    }
    for (const l of lists) {
      if (!found.has(l.address)) out.lists.push(l.address);
      found.add(l.address);
      next.push(l.member);
    }
    for (const address of localOnes) {
      if (found.has(address)) continue;
      const members = await autoListMembers(db, settings, address);
      if (members === null) {
        out.unknown.push(address);
        continue;
      }
      out.lists.push(address);
      members.forEach(addLocal);
    }
    frontier = next;
  }
  return out;
}

/** Mailboxes of a directory-driven list, or null when the address is not one. */
export async function autoListMembers(db: MailKysely, settings: MailSettings, address: string): Promise<LocalTarget[] | null> {
  const { local, domain } = splitAddress(address);
  if (local === STAFF_LIST_LOCAL) {
    const code = agencyCodeOfDomain(domain, settings);
    if (!code || code === CITY_ROOT_CODE) return null;
    const agency = await db.selectFrom('agencies').select('code').where('code', '=', code).executeTakeFirst();
    if (!agency) return null;
    const rows = await db
      .selectFrom('mail_mailboxes')
      .innerJoin('users', 'users.id', 'mail_mailboxes.user_id')
      .select(['mail_mailboxes.id', 'mail_mailboxes.address', 'mail_mailboxes.used_bytes', 'mail_mailboxes.quota_bytes'])
      .where('users.agency_code', '=', code)
      .where('users.disabled', '=', false)
      .execute();
    return rows.map(target);
  }
  const level = domain === settings.domain ? LEVEL_LISTS[local] : undefined;
  if (!level) return null;
  let q = db
    .selectFrom('mail_mailboxes')
    .innerJoin('agencies', 'agencies.code', 'mail_mailboxes.agency_code')
    .select(['mail_mailboxes.id', 'mail_mailboxes.address', 'mail_mailboxes.used_bytes', 'mail_mailboxes.quota_bytes'])
    .where('mail_mailboxes.kind', '=', 'shared')
    .where('agencies.code', '<>', CITY_ROOT_CODE);
  if (level.kinds) q = q.where('agencies.kind', 'in', level.kinds);
  const rows = await q.orderBy(sql`agencies.sort_order`).execute();
  return rows.map(target);
}

const target = (r: { id: string; address: string; used_bytes: number; quota_bytes: number }): LocalTarget => ({
  mailboxId: r.id,
  address: r.address,
  usedBytes: Number(r.used_bytes),
  quotaBytes: Number(r.quota_bytes),
});
