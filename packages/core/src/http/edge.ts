/** What every handler does at the edge: validate input against the protocol schema, know who is asking. */
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AppError } from '../errors/app-error';
import type { Principal } from '../auth/principal';

export function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new AppError('VALIDATION_FAILED', `invalid input: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, {
      userMessage: `提交的内容不符合要求：${issues.map((i) => i.message).join('；')}`,
      details: issues,
    });
  }
  return result.data;
}

export function principal(req: FastifyRequest): Principal {
  if (!req.principal) throw new AppError('UNAUTHENTICATED', 'route needs a session');
  return req.principal;
}

export function clientIp(req: FastifyRequest): string {
  return req.ip;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
    sessionToken?: string;
  }
}
