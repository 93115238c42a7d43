import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@yizhan/protocol';

export type YizhanSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** socket.io on the same origin; the HttpOnly session cookie authenticates the handshake. */
export function connectSocket(): YizhanSocket {
  return io({ path: '/socket.io', withCredentials: true, reconnectionDelayMax: 10_000 });
}
