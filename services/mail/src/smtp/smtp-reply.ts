import type { Logger } from '@yizhan/core';

/** SMTP replies as errors smtp-server sends back: code, enhanced status and text. */
export class SmtpReply extends Error {
  constructor(
    readonly responseCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'SmtpReply';
  }
}

export const reply = (code: number, message: string) => new SmtpReply(code, message);

/** Anything unexpected becomes a temporary failure: the client keeps the message and retries. */
export function asSmtpReply(e: unknown): SmtpReply {
  if (e instanceof SmtpReply) return e;
  return new SmtpReply(451, '4.3.0 Temporary server error, please try again later');
}

/** Refusals are normal and clients hanging up mid-DATA happen; only real faults are errors. */
export function logFailure(log: Logger, e: unknown, session: string, what: string): void {
  if (e instanceof SmtpReply) return;
  if ((e as { code?: string }).code === 'ECONNECTION') log.info({ session }, `${what}: client hung up during DATA`);
  else log.error({ err: e, session }, what);
}
