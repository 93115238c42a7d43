/**
 * Another organisation's mail server, as the smarthost our outbound queue relays to: a plain
 * smtp-server that keeps what it receives and refuses recipients by their local part
 * (reject-… → 550, tempfail-… → 451).
 */
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: Buffer;
}

export interface RemoteMx {
  port: number;
  received: ReceivedMail[];
  close(): Promise<void>;
}

export async function startRemoteMx(): Promise<RemoteMx> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onRcptTo(address, _session, cb) {
      const local = address.address.split('@')[0];
      if (local.startsWith('reject')) return cb(Object.assign(new Error('5.1.1 No such user here'), { responseCode: 550 }));
      if (local.startsWith('tempfail')) return cb(Object.assign(new Error('4.2.0 Try again later'), { responseCode: 451 }));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
