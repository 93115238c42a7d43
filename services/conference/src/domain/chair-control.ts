/** 主会场控制: only the chair may act; every action — and every refused attempt — goes to the audit log. */
import { AppError, recordAudit } from '@yizhan/core';
import type { ConfContext } from '../context';
import type { Meeting } from './meeting';
import type { Peer } from './peer';

export async function chairAction<T>(ctx: ConfContext, meeting: Meeting, peer: Peer, action: string, details: Record<string, unknown>, run: () => Promise<T> | T, ip?: string, opts: { auditSuccess?: boolean } = {}): Promise<T> {
  const who = { actor: peer.principal.username, agencyCode: peer.principal.agencyCode, targetType: 'meeting', targetId: meeting.id, ip };
  if (peer.role !== 'chair') {
    await recordAudit(ctx.db, { ...who, action: 'conference.chair.denied', details: { attempted: action, ...details } });
    throw new AppError('FORBIDDEN', `${peer.principal.username} is not the chair of ${meeting.id}`, { userMessage: '只有主会场（主持人）可以进行会议控制' });
  }
  const result = await run();
  if (opts.auditSuccess === false) return result; // reads (stats) and actions whose use case audits itself (end)
  await recordAudit(ctx.db, { ...who, action: `conference.${action}`, details });
  return result;
}
