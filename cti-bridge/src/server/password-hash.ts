import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

// scrypt (RFC 7914) is a memory-hard KDF built into Node; N=2^14, r=8, p=1 is the OWASP minimum and costs
// ~50 ms here, which is fine for a login but keeps brute force expensive.
const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, KEY_LENGTH, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** A cost parameter as hashPassword writes it: a positive decimal integer; anything else is null. */
const costParam = (part: string | undefined) => (part && /^[1-9]\d{0,9}$/.test(part) ? Number(part) : null);

/** True only for the password the stored string was made from; any malformed stored string is false, never a throw. */
export function verifyPassword(password: string, stored: string): boolean {
  const [scheme, nPart, rPart, pPart, saltB64, hashB64, ...rest] = stored.split('$');
  const [n, r, p] = [nPart, rPart, pPart].map(costParam);
  if (scheme !== 'scrypt' || rest.length > 0 || !n || !r || !p || !saltB64 || !hashB64) return false;
  const expected = Buffer.from(hashB64, 'base64');
  // A key of any other length is not ours; an empty one would even compare equal to an empty scrypt output.
  if (expected.length !== KEY_LENGTH) return false;
  try {
    const actual = scryptSync(password, Buffer.from(saltB64, 'base64'), KEY_LENGTH, { N: n, r, p });
    return timingSafeEqual(actual, expected);
  } catch {
    // scrypt throws for costs it cannot run (N not a power of two, over its memory limit): not a hash of ours.
    return false;
  }
}
