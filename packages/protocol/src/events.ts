/**
 * socket.io event maps, shared by the server and the web client. Payload schemas are validated on
 * receipt at the server edge; client→server events answer through an Ack.
 */
import { z } from 'zod';
import type { Ack } from './common';
import { NotificationSchema, TodoSourceSchema } from './workspace';
import type { DeliveryEventSchema, DocumentEventSchema, IncomingEventSchema } from './docexchange';
import type { CirculationEventSchema } from './circulation';

export const TodosChangedSchema = z.object({ source: TodoSourceSchema });

export interface ServerToClientEvents {
  'notification:new': (n: z.infer<typeof NotificationSchema>) => void;
  'todos:changed': (p: z.infer<typeof TodosChangedSchema>) => void;
  /** The session ended (logout elsewhere, account disabled): the client returns to the login page. */
  'session:ended': (p: { reason: string }) => void;
  /** docexchange: a document of the user's agency changed state (to the agency room). */
  'document:updated': (p: z.infer<typeof DocumentEventSchema>) => void;
  /** docexchange: a recipient's delivery changed (to the sending agency's room). */
  'delivery:updated': (p: z.infer<typeof DeliveryEventSchema>) => void;
  /** docexchange: a new incoming document (to the receiving agency's room). */
  'document:incoming': (p: z.infer<typeof IncomingEventSchema>) => void;
  /** circulation: a circulation changed (to its agency's room and to each reader concerned). */
  'circulation:updated': (p: z.infer<typeof CirculationEventSchema>) => void;
}

export const PingSchema = z.object({ at: z.number() });

export interface ClientToServerEvents {
  /** Round-trip check; answers the server time. */
  ping: (p: z.infer<typeof PingSchema>, ack: Ack<{ serverTime: number }>) => void;
}

/** Rooms a socket joins after authentication. */
export const rooms = {
  user: (userId: string) => `user:${userId}`,
  agency: (code: string) => `agency:${code}`,
};
