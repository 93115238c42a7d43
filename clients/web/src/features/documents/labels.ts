/** Labels and colours of the docexchange states, and the verdict checks in words a clerk understands. */
import type { DeliveryStatus, DocumentStatus, Urgency, Verdict } from '@yizhan/protocol';
import { hasMessage, type MessageKey, type Translate } from '../../app/i18n/translate';

export const DOC_STATUS_COLORS: Record<DocumentStatus, string> = {
  draft: 'default',
  reviewing: 'processing',
  approving: 'gold',
  issuing: 'cyan',
  dispatched: 'green',
};

export const DELIVERY_STATUS_COLORS: Record<DeliveryStatus, string> = {
  pending: 'default',
  delivered: 'blue',
  signed: 'green',
  returned: 'red',
};

export const URGENCY_COLORS: Record<Urgency, string> = { 普通: 'default', 加急: 'orange', 特急: 'red' };

/** Check names the server reports (exchange package, stored package, PDF signature). */
export const VERDICT_CHECKS = [
  'decrypt',
  'container',
  'manifest',
  'signature',
  'signer-certificate',
  'signer-not-revoked',
  'signer-agency',
  'addressed-to-recipient',
  'no-missing-files',
  'no-extra-files',
  'stored-package-intact',
  'matches-record',
  'pdf-signature',
  'pdf-signer-agency',
  'internal',
] as const;

/**
 * 'signature' → 发文机关签名有效; 'file:attachments/01.pdf' → 文件完整：attachments/01.pdf. A check this
 * client does not know yet shows under its own name rather than disappearing.
 */
export function verdictCheckLabel(name: string, t: Translate): string {
  if (name.startsWith('file:')) {
    const path = name.slice('file:'.length);
    return t('verdict.check.file', { path: path === 'document.pdf' ? t('verdict.mainDocument') : path });
  }
  const key = `verdict.check.${name}`;
  return hasMessage(key) ? t(key as MessageKey) : name;
}

export interface VerdictLine {
  name: string;
  label: string;
  ok: boolean;
  detail?: string;
}

/** The failed checks first (what the clerk must see), then the passed ones. */
export function verdictLines(verdict: Verdict, t: Translate): VerdictLine[] {
  const lines = verdict.checks.map((c) => ({ name: c.name, label: verdictCheckLabel(c.name, t), ok: c.ok, ...(c.detail ? { detail: c.detail } : {}) }));
  return [...lines.filter((l) => !l.ok), ...lines.filter((l) => l.ok)];
}

/** A verdict is shown as passed only when the server says so and no check failed. */
export function verdictPassed(verdict: Verdict): boolean {
  return verdict.ok && verdict.checks.length > 0 && verdict.checks.every((c) => c.ok);
}

export const fileSize = (bytes: number): string => {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
};
