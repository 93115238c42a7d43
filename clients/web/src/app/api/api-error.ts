import type { Translate } from '../i18n/translate';

/** Codes the client makes up itself; every other code comes from the server's error body. */
export const NETWORK_ERROR = 'NETWORK_ERROR';
export const UNEXPECTED_RESPONSE = 'UNEXPECTED_RESPONSE';

/** A refused or failed request. `message` is always fit to show the user. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details?: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  get isUnauthenticated(): boolean {
    return this.status === 401;
  }

  get isNetwork(): boolean {
    return this.code === NETWORK_ERROR;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

function errorBodyOf(body: unknown): { code: string; message: string; details?: unknown } | null {
  if (typeof body !== 'object' || body === null || !('error' in body)) return null;
  const error = (body as { error: unknown }).error;
  if (typeof error !== 'object' || error === null) return null;
  const { code, message, details } = error as Record<string, unknown>;
  if (typeof code !== 'string' || typeof message !== 'string' || message.length === 0) return null;
  return { code, message, details };
}

/**
 * A non-2xx answer → ApiError. The server's `{error:{code,message}}` wins (its message is the Chinese
 * user message); a bare gateway error means the server is not there; anything else gets a generic text.
 */
export function errorFromResponse(status: number, body: unknown, t: Translate): ApiError {
  const parsed = errorBodyOf(body);
  if (parsed) return new ApiError(status, parsed.code, parsed.message, parsed.details);
  if (status === 502 || status === 503 || status === 504) return new ApiError(status, 'UNAVAILABLE', t('error.unavailable'));
  return new ApiError(status, UNEXPECTED_RESPONSE, t('error.unexpected', { status }));
}

/** fetch() itself failed: offline, DNS, connection refused, CORS. */
export function networkError(t: Translate, cause?: unknown): ApiError {
  const e = new ApiError(0, NETWORK_ERROR, t('error.network'));
  if (cause !== undefined) (e as { cause?: unknown }).cause = cause;
  return e;
}

/** Any thrown value → the text to show. */
export function userMessageOf(e: unknown, t: Translate): string {
  if (isApiError(e)) return e.message;
  if (e instanceof TypeError) return t('error.network');
  return t('error.unexpected', { status: '—' });
}
