import type { Principal } from '@yizhan/core';
import type { DocContext } from '../context';
import { registerEntryDto } from './register-entry';

export async function listRegister(ctx: DocContext, p: Principal, q: { year?: number; q?: string }) {
  let query = ctx.db
    .selectFrom('incoming_register')
    .innerJoin('users', 'users.id', 'incoming_register.registered_by')
    .selectAll('incoming_register')
    .select('users.name as registered_by_name')
    .where('incoming_register.agency_code', '=', p.agencyCode);
  if (q.year) query = query.where('incoming_register.year', '=', q.year);
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('incoming_register.title', 'like', like), eb('incoming_register.doc_number', 'like', like), eb('incoming_register.from_agency_name', 'like', like), eb('incoming_register.register_number', 'like', like)]));
  }
  const rows = await query.orderBy('incoming_register.year', 'desc').orderBy('incoming_register.seq', 'desc').limit(5000).execute();
  return rows.map(registerEntryDto);
}
