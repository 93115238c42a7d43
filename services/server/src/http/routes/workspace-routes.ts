import type { FastifyInstance } from 'fastify';
import { listNotifications, markNotificationsRead, type Platform } from '@yizhan/core';
import { MarkNotificationsReadSchema } from '@yizhan/protocol';
import type { TodoRegistry } from '../../workspace/todo-registry';
import { parse, principal } from '@yizhan/core';

export function workspaceRoutes(platform: Platform, todos: TodoRegistry) {
  return async (app: FastifyInstance) => {
    app.get('/workspace/todos', async (req) => ({ items: await todos.list(principal(req)) }));

    app.get('/notifications', async (req) => listNotifications(platform.db, principal(req).userId));

    app.post('/notifications/read', async (req) => {
      const body = parse(MarkNotificationsReadSchema, req.body ?? {});
      await markNotificationsRead(platform.db, principal(req).userId, body.ids);
      return { ok: true };
    });
  };
}
