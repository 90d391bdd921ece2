/**
 * The error catalog: every error that crosses a boundary (HTTP, socket ack) carries one of these stable codes.
 * The console maps codes to translated messages; integrators branch on codes, never on message text.
 */
export const errorCatalog = {
  VALIDATION_FAILED: { status: 400, remedy: 'Fix the fields named in the message and resend.' },
  UNAUTHENTICATED: { status: 401, remedy: 'Log in again to get a fresh token.' },
  FORBIDDEN: { status: 403, remedy: 'Ask an admin for a role that allows this.' },
  NOT_FOUND: { status: 404, remedy: 'Check the id; the record may have been removed.' },
  INVALID_STATE: { status: 409, remedy: 'Refresh the agent state; the command does not apply to it.' },
  CONFLICT: { status: 409, remedy: 'The record changed or already exists.' },
  NOT_AVAILABLE: { status: 409, remedy: 'The feature is not enabled in this deployment.' },
  RATE_LIMITED: {
    status: 429,
    remedy: 'Too many failed attempts; wait for the time in Retry-After and retry.',
  },
  INTERNAL: { status: 500, remedy: 'Retry; if it persists, check the bridge log.' },
} as const;

export type ErrorCode = keyof typeof errorCatalog;

export interface RingsideError {
  code: ErrorCode;
  message: string;
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: RingsideError };

export const ok = <T>(data: T): Result<T> => ({ ok: true, data });
export const fail = (code: ErrorCode, message: string): { ok: false; error: RingsideError } => ({
  ok: false,
  error: { code, message },
});
