import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** What a caller-ID says when the caller hid the number (SIP `anonymous`, carriers' words for it). */
const WITHHELD = /^(anonymous|restricted|private|unknown|unavailable|withheld)$/i;

/**
 * The caller as a person reads it: the number in international format, or null when the number was withheld
 * (the console then says so). A SIP or tel URI is reduced to its user part; anything else that is not a number
 * is shown as it came, so nothing the PBX sent is hidden from the agent.
 */
export function callerDisplay(raw: string, e164: string | null): string | null {
  if (e164) return formatNumber(e164);
  const user = userPart(raw.trim());
  if (!user || WITHHELD.test(user)) return null;
  const digits = user.replace(/[\s().-]/g, '');
  return /^\+?\d{3,}$/.test(digits) ? formatNumber(digits) : user;
}

function userPart(value: string): string {
  const uri = /^(?:"[^"]*"\s*)?<?(?:sips?|tel):([^@;>]*)/i.exec(value);
  return uri ? decodeURIComponent(uri[1] ?? '') : value;
}

function formatNumber(number: string): string {
  const parsed = number.startsWith('+') ? parsePhoneNumberFromString(number) : undefined;
  return parsed?.isValid() ? parsed.formatInternational() : number;
}
