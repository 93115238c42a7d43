/** Address autocomplete for compose: people and unit mailboxes from the directory, and distribution lists. */
import { sql } from 'kysely';
import { CITY_ROOT_CODE } from '@yizhan/core';
import type { AddressSuggestion } from '@yizhan/protocol';
import type { MailContext } from '../mail-context';
import { LEVEL_LISTS, STAFF_LIST_LOCAL } from '../delivery/resolve-recipients';

export async function suggestAddresses(ctx: MailContext, o: { q: string; limit: number }): Promise<AddressSuggestion[]> {
  const { db, settings } = ctx;
  const q = o.q.trim().toLowerCase();
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const prefix = `${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const out: AddressSuggestion[] = [];

  const people = await db
    .selectFrom('users')
    .innerJoin('agencies', 'agencies.code', 'users.agency_code')
    .select(['users.name', 'users.mail_address', 'users.username', 'agencies.short_name'])
    .where('users.disabled', '=', false)
    .where((eb) => (q ? eb.or([eb('users.name', 'like', like), eb('users.username', 'like', prefix), eb('users.mail_address', 'like', prefix)]) : eb.val(true)))
    .orderBy(sql`CASE WHEN users.name = ${o.q.trim()} THEN 0 WHEN users.username LIKE ${prefix} THEN 1 ELSE 2 END`)
    .orderBy('users.username')
    .limit(o.limit)
    .execute();
  for (const p of people) out.push({ address: p.mail_address, name: p.name, kind: 'person', detail: p.short_name });

  const units = await db
    .selectFrom('agencies')
    .select(['code', 'name', 'short_name', 'mail_address', 'kind'])
    .where((eb) => (q ? eb.or([eb('name', 'like', like), eb('short_name', 'like', like), eb('code', 'like', prefix), eb('mail_address', 'like', prefix)]) : eb.val(true)))
    .orderBy('sort_order')
    .limit(o.limit)
    .execute();
  for (const a of units) {
    out.push({ address: a.mail_address, name: `${a.short_name || a.name}（单位邮箱）`, kind: 'unit', detail: a.name });
    if (a.code !== CITY_ROOT_CODE) {
      out.push({ address: a.mail_address.replace(/^[^@]+@/, `${STAFF_LIST_LOCAL}@`), name: `${a.short_name || a.name}全体人员`, kind: 'list', detail: `${a.name}全体人员（按通讯录）` });
    }
  }
  for (const [local, level] of Object.entries(LEVEL_LISTS)) {
    const address = `${local}@${settings.domain}`;
    if (!q || level.name.includes(o.q.trim()) || address.startsWith(q)) out.push({ address, name: level.name, kind: 'list', detail: `${level.name}的单位邮箱（按通讯录）` });
  }
  const lists = await db
    .selectFrom('mail_lists')
    .select(['address', 'name'])
    .where((eb) => (q ? eb.or([eb('name', 'like', like), eb('address', 'like', prefix)]) : eb.val(true)))
    .limit(o.limit)
    .execute();
  for (const l of lists) out.push({ address: l.address, name: l.name, kind: 'list', detail: '通讯组' });

  // Lists and exact name matches first, then the rest; one suggestion per address.
  const seen = new Set<string>();
  return out
    .filter((s) => (seen.has(s.address) ? false : (seen.add(s.address), true)))
    .sort((a, b) => rank(a, o.q) - rank(b, o.q))
    .slice(0, o.limit);
}

function rank(s: AddressSuggestion, q: string): number {
  if (s.name === q.trim()) return 0;
  if (s.kind === 'person') return 1;
  if (s.kind === 'list') return 2;
  return 3;
}
