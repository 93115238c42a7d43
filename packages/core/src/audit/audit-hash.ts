import crypto from 'node:crypto';
import { canonicalJson } from './canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditFields {
  seq: number;
  at: Date;
  actor: string;
  agencyCode: string | null;
  action: string;
  targetType: string;
  targetId: string;
  details: Record<string, unknown>;
  ip: string | null;
  prevHash: string;
}

/** The hash of one audit entry covers every field and the previous entry's hash. */
export function auditHash(f: AuditFields): string {
  const material = canonicalJson([
    f.seq,
    f.at.toISOString(),
    f.actor,
    f.agencyCode,
    f.action,
    f.targetType,
    f.targetId,
    f.details,
    f.ip,
    f.prevHash,
  ]);
  return crypto.createHash('sha256').update(material).digest('hex');
}
