/**
 * 'circulation:updated' for the open page. The shell's socket does not expose its events, so this
 * page holds its own connection while it is open (same cookie, same rooms) and reports reconnects:
 * anything missed while away is refetched.
 */
import { useEffect, useRef } from 'react';
import type { CirculationEvent } from '@yizhan/protocol';
import { connectSocket } from '../../app/realtime/socket';

export function useCirculationEvents(onEvent: (e: CirculationEvent) => void, onReconnect?: () => void): void {
  const ref = useRef({ onEvent, onReconnect });
  ref.current = { onEvent, onReconnect };
  useEffect(() => {
    const socket = connectSocket();
    let connectedBefore = false;
    socket.on('connect', () => {
      if (connectedBefore) ref.current.onReconnect?.();
      connectedBefore = true;
    });
    socket.on('circulation:updated', (e) => ref.current.onEvent(e));
    return () => {
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, []);
}
