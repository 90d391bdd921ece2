import { maskPhone } from './domain/mask';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** Field names that must never reach a log line whole. */
const secretFields = new Set(['password', 'token', 'authorization', 'passwordHash']);
const phoneFields = new Set(['from', 'to', 'number', 'e164', 'callerRaw', 'callerE164', 'phone']);

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

function scrub(fields: Record<string, unknown>): Record<string, unknown> {
  const clean: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (secretFields.has(key)) clean[key] = '[redacted]';
    // Not only strings: a number typed as a JS number (or in an array) is still a full phone number.
    else if (phoneFields.has(key) && value != null) clean[key] = maskPhone(String(value));
    else clean[key] = value;
  }
  return clean;
}

/** JSON-lines logger; secrets are redacted and phone numbers masked by field name as a safety net. */
export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (line) => process.stdout.write(line),
): Logger {
  const at =
    (lineLevel: Exclude<LogLevel, 'silent'>) =>
    (message: string, fields: Record<string, unknown> = {}) => {
      if (rank[lineLevel] < rank[level]) return;
      write(
        `${JSON.stringify({ time: new Date().toISOString(), level: lineLevel, message, ...scrub(fields) })}\n`,
      );
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
