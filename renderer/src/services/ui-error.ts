import { errorCatalog, type ErrorCode } from './protocol';

/** Failures that happen on this side of the wire and therefore have no server code. */
export const clientErrorCodes = ['NETWORK', 'TIMEOUT', 'BAD_RESPONSE'] as const;
export type ClientErrorCode = (typeof clientErrorCodes)[number];
export type UiErrorCode = ErrorCode | ClientErrorCode;

/** An error as the console shows it: a stable code (translated for the user) and the raw message (for detail). */
export interface UiError {
  code: UiErrorCode;
  message: string;
}

export type UiResult<T> = { ok: true; data: T } | { ok: false; error: UiError };

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(errorCatalog, value);
}

export function uiError(code: UiErrorCode, message = ''): UiError {
  return { code, message };
}

export function fromStatus(status: number): ErrorCode {
  if (status === 400 || status === 422) return 'VALIDATION_FAILED';
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  return 'INTERNAL';
}

/** Errors the same request may cure by being sent again later, e.g. after a reconnect. */
export function isTransient(error: UiError): boolean {
  return error.code === 'NETWORK' || error.code === 'TIMEOUT' || error.code === 'INTERNAL';
}
