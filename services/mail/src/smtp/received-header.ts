import type { SMTPServerSession } from 'smtp-server';
import { rfc5322Date } from './raw-message';

/** The trace header this server adds (RFC 5321 §4.4). */
export function receivedHeader(session: SMTPServerSession, hostname: string): string {
  const helo = (session.hostNameAppearsAs || 'unknown').replace(/[^\x21-\x7e]/g, '');
  const rcpt = session.envelope.rcptTo.length === 1 ? `\r\n\tfor <${session.envelope.rcptTo[0].address}>` : '';
  return `Received: from ${helo} ([${session.remoteAddress}])\r\n\tby ${hostname} (Yizhan) with ${session.transmissionType} id ${session.id}${rcpt};\r\n\t${rfc5322Date()}`;
}
