import { z } from 'zod';

export const RoleSchema = z.enum(['clerk', 'leader', 'staff', 'venue-operator', 'admin']);
export type Role = z.infer<typeof RoleSchema>;

export const AgencyKindSchema = z.enum(['city', 'body', 'military', 'department', 'county', 'county-department']);
export type AgencyKind = z.infer<typeof AgencyKindSchema>;

/** Every refused request answers with this body (HTTP) or ack (socket.io); message is for the user, in Chinese. */
export const ErrorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** Timestamps travel as ISO-8601 strings. */
export const IsoDate = z.string().datetime({ offset: true });

export const AgencyCodeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,31}$/, '单位代码只能由小写字母、数字和连字符组成，以字母开头');
export const UsernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9._-]{1,31}$/, '用户名只能由小写字母、数字、点、下划线和连字符组成，以字母开头，2–32位');

/** Socket.io acks: either a result or an error body. */
export type Ack<T> = (response: { ok: true; data: T } | ({ ok: false } & ErrorBody)) => void;
