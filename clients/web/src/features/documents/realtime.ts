/**
 * docexchange's socket events ('document:updated', 'delivery:updated', 'document:incoming').
 *
 * The shell's RealtimeProvider keeps its socket to itself (it fans out only notifications and
 * 'todos:changed'), so the document pages share one socket of their own, opened while any of them
 * is mounted. After every (re)connect the pages reload: what happened while offline is in the
 * database, not in missed events.
 */
import { useEffect, useRef } from 'react';
import type { ServerToClientEvents } from '@yizhan/protocol';
import { connectSocket, type YizhanSocket } from '../../app/realtime/socket';

type DocEvent = 'document:updated' | 'delivery:updated' | 'document:incoming';
type Payload<E extends DocEvent> = Parameters<ServerToClientEvents[E]>[0];

let shared: { socket: YizhanSocket; users: number; closeTimer?: ReturnType<typeof setTimeout> } | null = null;

function acquire(): YizhanSocket {
  if (!shared) shared = { socket: connectSocket(), users: 0 };
  clearTimeout(shared.closeTimer);
  shared.users += 1;
  return shared.socket;
}

function release(): void {
  if (!shared) return;
  shared.users -= 1;
  if (shared.users > 0) return;
  // Moving from one document page to the next keeps the connection.
  const current = shared;
  current.closeTimer = setTimeout(() => {
    if (current.users > 0) return;
    current.socket.removeAllListeners();
    current.socket.disconnect();
    if (shared === current) shared = null;
  }, 2000);
}

/**
 * Calls `handlers[event]` for each docexchange event, and `onConnect` after each connect that
 * happens while the page is mounted.
 */
export function useDocexchangeEvents(handlers: { [E in DocEvent]?: (payload: Payload<E>) => void } & { onConnect?: () => void }): void {
  const ref = useRef(handlers);
  ref.current = handlers;

  useEffect(() => {
    const socket = acquire();
    const on = <E extends DocEvent>(event: E) => {
      const listener = (payload: Payload<E>) => (ref.current[event] as ((p: Payload<E>) => void) | undefined)?.(payload);
      (socket as unknown as { on(e: string, l: (p: unknown) => void): void }).on(event, listener as (p: unknown) => void);
      return () => (socket as unknown as { off(e: string, l: (p: unknown) => void): void }).off(event, listener as (p: unknown) => void);
    };
    const offs = [on('document:updated'), on('delivery:updated'), on('document:incoming')];
    // A socket that connects after the page loaded (or reconnects) may have missed events: reload.
    const onConnect = () => ref.current.onConnect?.();
    socket.on('connect', onConnect);
    return () => {
      for (const off of offs) off();
      socket.off('connect', onConnect);
      release();
    };
  }, []);
}
