import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { appendAudit } from '../audit/append-audit';
import { AppError } from '../errors/app-error';
import { agencyMailAddress } from './mail-address';
import type { AgencyKind } from './types';

const uniqueViolation = (e: unknown) => (e as { code?: string }).code === '23505';

export interface CreateAgencyOptions {
  db: Kysely<DB>;
  actor: string;
  mailDomain: string;
  agency: { code: string; name: string; shortName: string; parentCode: string; kind: Exclude<AgencyKind, 'city'>; docPrefix: string };
  ip?: string;
}

export async function createAgency(opts: CreateAgencyOptions) {
  const a = opts.agency;
  try {
    return await opts.db.transaction().execute(async (trx) => {
      const parent = await trx.selectFrom('agencies').select('code').where('code', '=', a.parentCode).executeTakeFirst();
      if (!parent) throw new AppError('VALIDATION_FAILED', `unknown parent ${a.parentCode}`, { userMessage: `上级单位“${a.parentCode}”不存在` });
      const siblings = await trx.selectFrom('agencies').select((eb) => eb.fn.countAll<number>().as('n')).where('parent_code', '=', a.parentCode).executeTakeFirstOrThrow();
      const row = await trx
        .insertInto('agencies')
        .values({
          code: a.code,
          name: a.name,
          short_name: a.shortName,
          parent_code: a.parentCode,
          kind: a.kind,
          doc_prefix: a.docPrefix,
          sort_order: Number(siblings.n),
          mail_address: agencyMailAddress(a.code, opts.mailDomain),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAudit(trx, { actor: opts.actor, agencyCode: a.code, action: 'agency.create', targetType: 'agency', targetId: a.code, details: { ...a }, ip: opts.ip });
      return row;
    });
  } catch (e) {
    if (uniqueViolation(e)) {
      throw new AppError('CONFLICT', `agency code or prefix taken: ${a.code} ${a.docPrefix}`, { userMessage: '单位代码或发文字号前缀已被使用' });
    }
    throw e;
  }
}

export interface UpdateAgencyOptions {
  db: Kysely<DB>;
  actor: string;
  code: string;
  changes: { name?: string; shortName?: string; docPrefix?: string; sortOrder?: number };
  ip?: string;
}

export async function updateAgency(opts: UpdateAgencyOptions) {
  const c = opts.changes;
  try {
    return await opts.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('agencies')
        .set({
          ...(c.name !== undefined && { name: c.name }),
          ...(c.shortName !== undefined && { short_name: c.shortName }),
          ...(c.docPrefix !== undefined && { doc_prefix: c.docPrefix }),
          ...(c.sortOrder !== undefined && { sort_order: c.sortOrder }),
        })
        .where('code', '=', opts.code)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new AppError('NOT_FOUND', `no agency ${opts.code}`, { userMessage: `单位“${opts.code}”不存在` });
      await appendAudit(trx, { actor: opts.actor, agencyCode: opts.code, action: 'agency.update', targetType: 'agency', targetId: opts.code, details: { changes: c }, ip: opts.ip });
      return row;
    });
  } catch (e) {
    if (uniqueViolation(e)) throw new AppError('CONFLICT', `doc prefix taken: ${c.docPrefix}`, { userMessage: '发文字号前缀已被其他单位使用' });
    throw e;
  }
}
