/**
 * The one way the web client talks REST: JSON in and out, the session cookie, the CSRF header on
 * every state-changing request, and every failure turned into an ApiError with a message to show.
 */
import type { SessionInfo } from '@yizhan/protocol';
import { tCurrent } from '../i18n/locale-store';
import { ApiError, errorFromResponse, networkError } from './api-error';
import { apiUrl, type Query } from './url';

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** A 401 here is an answer (wrong password, not logged in yet), not an expired session. */
  expectUnauthenticated?: boolean;
}

/**
 * The protocol's header name, checked against it at compile time: importing the value would pull zod
 * and every schema into the first bundle the user downloads.
 */
const CSRF_HEADER: typeof import('@yizhan/protocol').CSRF_HEADER = 'x-csrf-token';

let csrfToken: string | null = null;
let unauthorizedHandler: ((e: ApiError) => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called once per 401 on an ordinary request: the auth layer sends the user back to the login page. */
export function onUnauthorized(handler: ((e: ApiError) => void) | null): void {
  unauthorizedHandler = handler;
}

const SAFE = new Set(['GET', 'HEAD']);

async function send(method: string, path: string, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (!SAFE.has(method) && csrfToken) headers[CSRF_HEADER] = csrfToken;
  try {
    return await fetch(apiUrl(path, opts.query), {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw networkError(tCurrent, e);
  }
}

async function bodyOf(res: Response): Promise<unknown> {
  const text = await res.text().catch(() => '');
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function request<T>(method: string, path: string, opts: RequestOptions = {}, retried = false): Promise<T> {
  const res = await send(method, path, opts);
  const body = await bodyOf(res);
  if (res.ok) return body as T;

  const error = errorFromResponse(res.status, body, tCurrent);
  // The CSRF token can change under us (a new session in another tab): fetch the current one and try once more.
  if (error.code === 'CSRF_FAILED' && !retried) {
    const fresh = await request<SessionInfo>('GET', '/auth/me');
    setCsrfToken(fresh.csrfToken);
    return request<T>(method, path, opts, true);
  }
  if (error.status === 401 && !opts.expectUnauthenticated) unauthorizedHandler?.(error);
  throw error;
}

export const api = {
  get: <T>(path: string, opts?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, opts),
  post: <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'body'>) => request<T>('POST', path, { ...opts, body: body ?? {} }),
  patch: <T>(path: string, body: unknown, opts?: Omit<RequestOptions, 'body'>) => request<T>('PATCH', path, { ...opts, body }),
};

export { ApiError };
