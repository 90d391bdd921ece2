import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../cti-bridge/src/server/password-hash';

const PASSWORD = 'correct horse battery staple';
// One hash shared by the read-only tests: scrypt is deliberately slow.
const stored = hashPassword(PASSWORD);

/** The stored string with one `$`-separated part replaced. */
function withPart(index: number, value: string): string {
  const parts = stored.split('$');
  parts[index] = value;
  return parts.join('$');
}

describe('password hashing', () => {
  it.each([
    ['plain ASCII', PASSWORD],
    ['non-ASCII', 'pässwörd-密码-🔑'],
    ['long', 'x'.repeat(1_000)],
  ])('verifies a %s password against its own hash', async (_case, password) => {
    expect(await verifyPassword(password, hashPassword(password))).toBe(true);
  });

  it.each([
    ['a different password', 'correct horse battery stapler'],
    ['a different case', PASSWORD.toUpperCase()],
    ['a prefix', PASSWORD.slice(0, -1)],
    ['the empty string', ''],
    ['surrounding whitespace', ` ${PASSWORD} `],
  ])('rejects %s', async (_case, attempt) => {
    expect(await verifyPassword(attempt, stored)).toBe(false);
  });

  it('salts: two hashes of one password differ, and both verify', async () => {
    const again = hashPassword(PASSWORD);
    expect(again).not.toBe(stored);
    expect(await verifyPassword(PASSWORD, again)).toBe(true);
  });

  it('never contains the password itself', () => {
    expect(stored).not.toContain(PASSWORD);
    expect(stored).not.toContain(Buffer.from(PASSWORD).toString('base64'));
  });

  it.each([
    ['empty', ''],
    ['not a hash at all', 'hunter2'],
    ['another scheme (bcrypt)', '$2b$10$abcdefghijklmnopqrstuuB6FpXHq6rrn6E0D5C9fZmR0m1tSx8W'],
    ['the wrong scheme name', withPart(0, 'argon2id')],
    ['missing the hash', stored.split('$').slice(0, 5).join('$')],
    ['followed by an extra part', `${stored}$extra`],
    ['an empty hash', withPart(5, '')],
    ['a hash that decodes to nothing', withPart(5, '!!!!')],
    ['a truncated hash', withPart(5, 'AAAA')],
    ['an empty salt', withPart(4, '')],
    ['a cost that is not a number', withPart(1, 'abc')],
    ['a cost that is not a power of two', withPart(1, '1000')],
    ['a cost far beyond the memory limit', withPart(1, String(2 ** 30))],
    ['a zero block size', withPart(2, '0')],
    ['a fractional cost', withPart(1, '16384.5')],
    ['a negative parallelism', withPart(3, '-1')],
  ])('resolves false, never rejects, for a stored value that is %s', async (_case, malformed) => {
    await expect(verifyPassword(PASSWORD, malformed)).resolves.toBe(false);
  });

  it('derives the key off the event loop: a timer set before a verification runs before it finishes', async () => {
    const order: string[] = [];
    const verified = verifyPassword(PASSWORD, stored).then(() => order.push('verified'));
    await new Promise((done) => setTimeout(done, 0)).then(() => order.push('timer'));
    await verified;
    expect(order).toEqual(['timer', 'verified']);
  });
});
