import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// scrypt (RFC 7914) is a memory-hard KDF built into Node; N=2^14, r=8, p=1 is the OWASP minimum and costs
// ~50 ms here, which is fine for a login but keeps brute force expensive.
const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

/** Synchronous: for start-up only (seeding, the admin account). Never on a request path. */
export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, KEY_LENGTH, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** The same hash as `hashPassword`, derived off the event loop: for passwords set on a request path. */
export async function hashPasswordAsync(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** A cost parameter as hashPassword writes it: a positive decimal integer; anything else is null. */
const costParam = (part: string | undefined) => (part && /^[1-9]\d{0,9}$/.test(part) ? Number(part) : null);

/** Node's scrypt on the libuv thread pool: the event loop keeps serving while the key is derived. */
const scryptAsync = (password: string, salt: Buffer, options: ScryptOptions) =>
  new Promise<Buffer>((done, failed) =>
    scrypt(password, salt, KEY_LENGTH, options, (error, key) => (error ? failed(error) : done(key))),
  );

/**
 * True only for the password the stored string was made from; any malformed stored string is false, never a
 * rejection. The key is derived off the event loop, so logins do not stall rings, pops or health checks.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, nPart, rPart, pPart, saltB64, hashB64, ...rest] = stored.split('$');
  const [n, r, p] = [nPart, rPart, pPart].map(costParam);
  if (scheme !== 'scrypt' || rest.length > 0 || !n || !r || !p || !saltB64 || !hashB64) return false;
  const expected = Buffer.from(hashB64, 'base64');
  // A key of any other length is not ours; an empty one would even compare equal to an empty scrypt output.
  if (expected.length !== KEY_LENGTH) return false;
  try {
    const actual = await scryptAsync(password, Buffer.from(saltB64, 'base64'), { N: n, r, p });
    return timingSafeEqual(actual, expected);
  } catch {
    // scrypt fails for costs it cannot run (N not a power of two, over its memory limit): not a hash of ours.
    return false;
  }
}
