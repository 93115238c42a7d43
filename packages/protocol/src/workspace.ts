import { z } from 'zod';
import { IsoDate } from './common';

/** The services that feed the workspace (工作台). */
export const TodoSourceSchema = z.enum(['docexchange', 'circulation', 'mail', 'conference']);
export type TodoSource = z.infer<typeof TodoSourceSchema>;

export const TodoItemSchema = z.object({
  id: z.string(),
  source: TodoSourceSchema,
  /** e.g. 待签收, 待签发, 待阅, 会议通知 */
  kind: z.string(),
  title: z.string(),
  from: z.string().optional(),
  urgency: z.enum(['普通', '加急', '特急']).optional(),
  deadline: IsoDate.optional(),
  overdue: z.boolean().default(false),
  link: z.string(),
  createdAt: IsoDate,
});
export type TodoItem = z.infer<typeof TodoItemSchema>;
export const TodoListSchema = z.object({ items: z.array(TodoItemSchema) });
export type TodoList = z.infer<typeof TodoListSchema>;

export const NotificationSchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: IsoDate,
  read: z.boolean(),
});
export type Notification = z.infer<typeof NotificationSchema>;
export const NotificationListSchema = z.object({ items: z.array(NotificationSchema), unread: z.number().int() });
export type NotificationList = z.infer<typeof NotificationListSchema>;

/** POST /api/notifications/read — ids to mark read, or all when omitted. */
export const MarkNotificationsReadSchema = z.object({ ids: z.array(z.string().uuid()).max(500).optional() });

export const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  checks: z.record(z.string(), z.object({ ok: z.boolean(), error: z.string().optional() })),
});
export type Health = z.infer<typeof HealthSchema>;
