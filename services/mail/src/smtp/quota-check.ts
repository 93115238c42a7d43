import type { SMTPServerSession } from 'smtp-server';
import type { LocalTarget } from '../delivery/resolve-recipients';

/** The SIZE= the client declared in MAIL FROM (RFC 1870), or 0. */
export function declaredSize(session: SMTPServerSession): number {
  const from = session.envelope.mailFrom;
  const args = from ? (from.args as Record<string, string> | false) : false;
  const size = args ? Number(args.SIZE) : 0;
  return Number.isFinite(size) && size > 0 ? size : 0;
}

/** Recipient mailboxes that are full, or would be with a message of the declared size: refused with 552 at RCPT. */
export function fullMailboxes(targets: LocalTarget[], declared = 0): Set<string> {
  return new Set(targets.filter((t) => t.usedBytes + Math.max(declared, 1) > t.quotaBytes).map((t) => t.mailboxId));
}
