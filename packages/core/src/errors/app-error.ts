/**
 * The one error taxonomy: every failure a user can see is an AppError with a stable code, an English
 * message for logs, a Chinese message for the user and an HTTP status. HTTP responses and socket acks
 * are mapped from it in one place (see toErrorBody).
 */

export const ERROR_CATALOG = {
  VALIDATION_FAILED: { status: 400, user: '提交的内容不符合要求' },
  MALFORMED_REQUEST: { status: 400, user: '请求格式错误' },
  UNAUTHENTICATED: { status: 401, user: '请先登录' },
  BAD_CREDENTIALS: { status: 401, user: '用户名或密码错误' },
  SESSION_EXPIRED: { status: 401, user: '登录已过期，请重新登录' },
  CSRF_FAILED: { status: 403, user: '页面已过期，请刷新后重试' },
  FORBIDDEN: { status: 403, user: '您没有权限进行此操作' },
  NOT_FOUND: { status: 404, user: '要访问的内容不存在' },
  CONFLICT: { status: 409, user: '操作与当前状态冲突，请刷新后重试' },
  PAYLOAD_TOO_LARGE: { status: 413, user: '提交的内容过大' },
  RATE_LIMITED: { status: 429, user: '操作过于频繁，请稍后再试' },
  ACCOUNT_DISABLED: { status: 403, user: '该账号已停用，请联系系统管理员' },
  UNAVAILABLE: { status: 503, user: '服务暂时不可用，请稍后再试' },
  INTERNAL: { status: 500, user: '系统内部错误，请稍后再试或联系系统管理员' },
} as const satisfies Record<string, { status: number; user: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly userMessage: string;
  readonly details?: unknown;

  /**
   * @param message English, for logs and operators.
   * @param userMessage Chinese, shown to the user; defaults to the catalog's message for the code.
   */
  constructor(code: ErrorCode, message: string, opts: { userMessage?: string; details?: unknown; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_CATALOG[code].status;
    this.userMessage = opts.userMessage ?? ERROR_CATALOG[code].user;
    this.details = opts.details;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Any thrown value → AppError; unknown errors become INTERNAL without leaking their text to users. */
export function toAppError(e: unknown): AppError {
  if (isAppError(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new AppError('INTERNAL', message, { cause: e });
}

export function toErrorBody(e: AppError): ErrorBody {
  return { error: { code: e.code, message: e.userMessage, ...(e.details === undefined ? {} : { details: e.details }) } };
}
