import { z } from 'zod';
import { RoleSchema } from './common';

export const LoginRequestSchema = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(256),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const CurrentUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  title: z.string(),
  roles: z.array(RoleSchema),
  agencyCode: z.string(),
  agencyName: z.string(),
  mailAddress: z.string(),
});
export type CurrentUser = z.infer<typeof CurrentUserSchema>;

/** Returned by login and by GET /api/auth/me; csrfToken goes back in the X-CSRF-Token header. */
export const SessionInfoSchema = z.object({ user: CurrentUserSchema, csrfToken: z.string() });
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

export const CSRF_HEADER = 'x-csrf-token';
export const SESSION_COOKIE = 'yz_session';
