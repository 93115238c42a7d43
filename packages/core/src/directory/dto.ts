/** Rows → the DTOs of packages/protocol. */
import type { AgencyRow, UserRow } from '../db/schema';
import type { AgencyKind, Role } from './types';

export function agencyDto(a: AgencyRow) {
  return {
    code: a.code,
    name: a.name,
    shortName: a.short_name,
    parentCode: a.parent_code,
    kind: a.kind as AgencyKind,
    docPrefix: a.doc_prefix,
    mailAddress: a.mail_address,
    sortOrder: a.sort_order,
  };
}

export function personDto(u: UserRow & { agency_name: string }) {
  return {
    username: u.username,
    name: u.name,
    title: u.title,
    roles: u.roles as Role[],
    agencyCode: u.agency_code,
    agencyName: u.agency_name,
    mailAddress: u.mail_address,
    disabled: u.disabled,
  };
}
