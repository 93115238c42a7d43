/**
 * Who is logged in. Asks /api/auth/me once at start, keeps the CSRF token for the api client, and
 * drops back to the login page when any request answers 401 or the server ends the session.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { CurrentUser, SessionInfo } from '@yizhan/protocol';
import { api, onUnauthorized, setCsrfToken } from '../api/client';
import { userMessageOf } from '../api/api-error';
import { tCurrent } from '../i18n/locale-store';

export type AuthState =
  | { status: 'checking' }
  | { status: 'unreachable'; message: string }
  /** `loggedOut`: the user chose to leave, so the next login starts at the workspace, not where they were. */
  | { status: 'anonymous'; notice?: string; loggedOut?: boolean }
  | { status: 'authenticated'; user: CurrentUser };

interface AuthContextValue {
  state: AuthState;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  /** The session is gone (401, session:ended): back to the login page with this notice. */
  expire(notice: string): void;
  recheck(): void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'checking' });

  const accept = useCallback((info: SessionInfo) => {
    setCsrfToken(info.csrfToken);
    setState({ status: 'authenticated', user: info.user });
  }, []);

  const expire = useCallback((notice: string) => {
    setCsrfToken(null);
    setState((prev) => (prev.status === 'authenticated' ? { status: 'anonymous', notice } : prev));
  }, []);

  const recheck = useCallback(() => {
    setState({ status: 'checking' });
    api
      .get<SessionInfo>('/auth/me', { expectUnauthenticated: true })
      .then(accept)
      .catch((e: unknown) => {
        const status = (e as { status?: number }).status;
        if (status === 401) setState({ status: 'anonymous' });
        else setState({ status: 'unreachable', message: userMessageOf(e, tCurrent) });
      });
  }, [accept]);

  useEffect(() => {
    recheck();
  }, [recheck]);

  useEffect(() => {
    onUnauthorized((e) => expire(e.message || tCurrent('auth.sessionExpired')));
    return () => onUnauthorized(null);
  }, [expire]);

  const login = useCallback(
    async (username: string, password: string) => {
      accept(await api.post<SessionInfo>('/auth/login', { username, password }, { expectUnauthenticated: true }));
    },
    [accept],
  );

  const logout = useCallback(async () => {
    try {
      await api.post('/auth/logout', undefined, { expectUnauthenticated: true });
    } finally {
      // Even if the server is unreachable, this tab forgets the session.
      setCsrfToken(null);
      setState({ status: 'anonymous', loggedOut: true });
    }
  }, []);

  const value = useMemo(() => ({ state, login, logout, expire, recheck }), [state, login, logout, expire, recheck]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The logged-in user; only for components under RequireAuth. */
export function useCurrentUser(): CurrentUser {
  const { state } = useAuth();
  if (state.status !== 'authenticated') throw new Error('useCurrentUser without a session');
  return state.user;
}
