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
  CALLING_WINDOW_TOO_WIDE: {
    status: 400,
    remedy: 'With US or UK rules the calling window must lie within 08:00–21:00 (callee local time).',
  },
  WEAK_PASSWORD: {
    status: 400,
    remedy:
      'Use at least 12 characters with three of: lower case, upper case, digits, symbols; not the username.',
  },
  IN_USE: {
    status: 409,
    remedy: 'Something still refers to the record (the message lists what): change or remove that first.',
  },
  LAST_ADMIN: {
    status: 409,
    remedy: 'Make another account an admin first; the last enabled admin cannot be disabled or demoted.',
  },
  AUDIO_NOT_WAV: {
    status: 415,
    remedy: 'Send a WAV file (RIFF/WAVE: PCM, A-law, µ-law or float), with Content-Type audio/wav.',
  },
  AUDIO_TOO_LARGE: { status: 413, remedy: 'Send a smaller file (the limit is in the message).' },
  AUDIO_TOO_SHORT: { status: 400, remedy: 'Record a longer message (the minimum is in the message).' },
  AUDIO_TOO_LONG: { status: 400, remedy: 'Shorten the recording (the maximum is in the message).' },
  AUDIO_NOT_CONVERTED: {
    status: 422,
    remedy: 'The file could not be converted for the telephone line: export it again as a plain PCM WAV.',
  },
  CSV_PHONE_COLUMN_MISSING: {
    status: 400,
    remedy: 'The file needs a header line with a `phone` column (or map another column to phone).',
  },
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

/**
 * Why the compliance gate blocked a dial. Stable: the console translates each code, reports count by code,
 * integrators branch on it. A blocked decision lists every code that applies.
 */
export const complianceCodes = {
  INVALID_NUMBER: 'The number is not a valid phone number.',
  DNC_GLOBAL: "The number is on the company's do-not-call list.",
  DNC_CAMPAIGN: "The number is on this campaign's do-not-call list.",
  DNC_REGISTRY: 'The number is on a do-not-call registry.',
  OUTSIDE_CALLING_WINDOW: "It is outside the calling window in the callee's local time.",
  TIME_ZONE_UNKNOWN: "The callee's time zone is unknown, so the calling window cannot be checked.",
  MAX_ATTEMPTS: 'The lead has had the maximum number of attempts.',
  MAX_ATTEMPTS_TODAY: "The lead has had today's maximum number of attempts.",
  RETRY_TOO_SOON: "The retry delay after the last attempt's outcome has not passed.",
  UK_ABANDONED_72H:
    'A call to this number was abandoned within the last 72 hours; only a call with an agent guaranteed may follow.',
  CAMPAIGN_NOT_FOUND: 'The campaign does not exist.',
  CAMPAIGN_NOT_RUNNING: 'The campaign is not running.',
  LEAD_NOT_FOUND: 'The lead does not exist in this campaign.',
  ABANDON_BUDGET_EXHAUSTED: "The campaign's abandoned-call budget is used up.",
  GATE_ERROR: 'The compliance gate could not decide; the call is refused (fail closed).',
  ATTEMPT_INVALID:
    'The call names a campaign attempt the bridge did not ask this phone to dial (unknown, used, or for another agent or number).',
} as const;
export type ComplianceCode = keyof typeof complianceCodes;

/** Why one row of a lead or DNC import was rejected. */
export const importRowCodes = {
  PHONE_MISSING: 'The row has no phone number.',
  PHONE_INVALID: 'The phone number is not valid.',
  TIME_ZONE_INVALID: 'The time zone is not an IANA time zone.',
  TIME_ZONE_UNKNOWN: 'No time zone is given and none can be derived from the number.',
  ROW_MALFORMED: 'The row could not be read as CSV.',
} as const;
export type ImportRowCode = keyof typeof importRowCodes;
