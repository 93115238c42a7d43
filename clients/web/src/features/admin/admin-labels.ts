import type { MessageKey } from '../../app/i18n/translate';
import { hasMessage, type Translate } from '../../app/i18n/translate';
import type { CertificateKind, CertificateStatus, RevocationReason } from './admin-api';

export const CERT_KIND_KEYS: Record<CertificateKind, MessageKey> = {
  root: 'certKind.root',
  intermediate: 'certKind.intermediate',
  agency: 'certKind.agency',
  user: 'certKind.user',
  server: 'certKind.server',
};

export const CERT_KIND_COLORS: Record<CertificateKind, string> = {
  root: 'volcano',
  intermediate: 'orange',
  agency: 'red',
  user: 'blue',
  server: 'cyan',
};

export const CERT_STATUS_KEYS: Record<CertificateStatus, MessageKey> = {
  active: 'admin.certs.status.active',
  revoked: 'admin.certs.status.revoked',
};

/** In the order offered to the admin; RFC 5280 reason names. */
export const REVOCATION_REASON_KEYS: Record<RevocationReason, MessageKey> = {
  superseded: 'revocation.superseded',
  keyCompromise: 'revocation.keyCompromise',
  affiliationChanged: 'revocation.affiliationChanged',
  cessationOfOperation: 'revocation.cessationOfOperation',
  unspecified: 'revocation.unspecified',
};

export function revocationReasonLabel(reason: string | null, t: Translate): string {
  if (!reason) return '';
  const key = `revocation.${reason}`;
  return hasMessage(key) ? t(key) : reason;
}

/** 新建用户 for 'user.create'; an action this client has no label for shows its code. */
export function auditActionLabel(action: string, t: Translate): string {
  const key = `auditAction.${action}`;
  return hasMessage(key) ? t(key) : action;
}
