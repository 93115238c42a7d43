import type { AuditRow } from '@yizhan/core';

export function auditEntryDto(r: AuditRow) {
  return {
    seq: Number(r.seq),
    at: new Date(r.at).toISOString(),
    actor: r.actor,
    agencyCode: r.agency_code,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    details: r.details as Record<string, unknown>,
  };
}
