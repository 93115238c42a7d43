/**
 * The live side of a session: the notification list and unread count (fetched, then kept current by
 * 'notification:new'), 'todos:changed' fanned out to whoever shows todos, and 'session:ended'.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { App } from 'antd';
import { useNavigate } from 'react-router';
import type { Notification, NotificationList, TodoSource } from '@yizhan/protocol';
import { api } from '../api/client';
import { useAuth } from '../auth/AuthProvider';
import { useT } from '../i18n';
import { useReportError } from '../hooks/useReportError';
import { connectSocket } from './socket';
import { addNotification, markRead } from './notifications';

type TodosListener = (source: TodoSource) => void;

interface RealtimeContextValue {
  notifications: Notification[];
  unread: number;
  loaded: boolean;
  connected: boolean;
  markAllRead(): Promise<void>;
  markOneRead(id: string): Promise<void>;
  onTodosChanged(listener: TodosListener): () => void;
}

const RealtimeContext = createContext<RealtimeContextValue | null>(null);

export function RealtimeProvider({ children }: { children: ReactNode }) {
  const { expire } = useAuth();
  const { notification } = App.useApp();
  const navigate = useNavigate();
  const reportError = useReportError();
  const t = useT();
  const [notifications, setNotifications] = useState<Notification[]>([]);
  const [unread, setUnread] = useState(0);
  const [loaded, setLoaded] = useState(false);
  // Optimistic until the first connect fails, so the page does not flash "offline" while connecting.
  const [connected, setConnected] = useState(true);
  const todosListeners = useRef(new Set<TodosListener>());

  const refresh = useCallback(async () => {
    try {
      const list = await api.get<NotificationList>('/notifications');
      setNotifications(list.items);
      setUnread(list.unread);
    } catch (e) {
      reportError(e);
    } finally {
      setLoaded(true);
    }
  }, [reportError]);

  // Handlers read the latest values through a ref so the socket is made once per session.
  const latest = useRef({ notification, navigate, expire, t });
  latest.current = { notification, navigate, expire, t };

  useEffect(() => {
    void refresh();
    const socket = connectSocket();
    let connectedBefore = false;
    socket.on('connect', () => {
      setConnected(true);
      // Anything pushed while we were away is in the list the server holds.
      if (connectedBefore) void refresh();
      connectedBefore = true;
    });
    socket.on('disconnect', () => setConnected(false));
    socket.on('connect_error', () => setConnected(false));
    socket.on('notification:new', (n) => {
      setNotifications((list) => addNotification(list, n));
      if (!n.read) setUnread((u) => u + 1);
      const { notification: api, navigate: go } = latest.current;
      api.info({
        key: n.id,
        title: n.title,
        description: n.body,
        placement: 'topRight',
        onClick: n.link ? () => go(n.link as string) : undefined,
        style: n.link ? { cursor: 'pointer' } : undefined,
      });
    });
    socket.on('todos:changed', ({ source }) => {
      for (const listener of todosListeners.current) listener(source);
    });
    socket.on('session:ended', () => {
      socket.disconnect();
      latest.current.expire(latest.current.t('auth.sessionEnded'));
    });
    return () => {
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [refresh]);

  const markAllRead = useCallback(async () => {
    try {
      await api.post('/notifications/read', {});
      setNotifications((list) => markRead(list));
      setUnread(0);
    } catch (e) {
      reportError(e);
    }
  }, [reportError]);

  const notificationsRef = useRef(notifications);
  notificationsRef.current = notifications;
  const markOneRead = useCallback(
    async (id: string) => {
      if (!notificationsRef.current.some((n) => n.id === id && !n.read)) return;
      try {
        await api.post('/notifications/read', { ids: [id] });
        setNotifications((list) => markRead(list, [id]));
        setUnread((u) => Math.max(0, u - 1));
      } catch (e) {
        reportError(e);
      }
    },
    [reportError],
  );

  const onTodosChanged = useCallback((listener: TodosListener) => {
    todosListeners.current.add(listener);
    return () => {
      todosListeners.current.delete(listener);
    };
  }, []);

  const value = useMemo(
    () => ({ notifications, unread, loaded, connected, markAllRead, markOneRead, onTodosChanged }),
    [notifications, unread, loaded, connected, markAllRead, markOneRead, onTodosChanged],
  );
  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}

export function useRealtime(): RealtimeContextValue {
  const ctx = useContext(RealtimeContext);
  if (!ctx) throw new Error('useRealtime outside RealtimeProvider');
  return ctx;
}

/** Calls `listener` whenever the server says the todos changed (optionally only for some sources). */
export function useTodosChanged(listener: TodosListener): void {
  const { onTodosChanged } = useRealtime();
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => onTodosChanged((source) => ref.current(source)), [onTodosChanged]);
}
