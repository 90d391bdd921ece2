/** A NUL byte or another control character in search or lookup is refused as invalid input, never a 500. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRingside, type TestRingside } from '../support/test-ringside';

let t: TestRingside;
let token: string;

beforeAll(async () => {
  t = await startTestRingside();
  token = await t.login('agent1');
});
afterAll(() => t.stop());

const get = (path: string, value: string) =>
  t.api<{ error?: { code: string; message: string } }>('GET', `${path}${encodeURIComponent(value)}`, token);

describe('control characters in search and lookup', () => {
  it.each([
    ['a NUL inside a three-letter fragment', 'ab\u0000c'],
    ['only NULs', '\u0000\u0000\u0000'],
    ['a bell', 'Zhang\u0007'],
    ['an escape sequence', '\u001b[31mred'],
    ['DEL', 'abc\u007f'],
    ['a C1 control', 'abc\u0085'],
  ])('search: %s → 400 VALIDATION_FAILED', async (_what, q) => {
    const response = await get('/api/customers/search?q=', q);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(response.body.error?.message).toMatch(/^q: /);
  });

  it.each([
    ['a NUL in a number', '+1 202\u0000555 0199'],
    ['a NUL alone', '\u0000'],
    ['a line feed in a SIP URI', 'sip:+12025550199@pbx\n.example.com'],
  ])('lookup: %s → 400 VALIDATION_FAILED', async (_what, number) => {
    const response = await get('/api/customers/lookup?number=', number);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(response.body.error?.message).toMatch(/^number: /);
  });

  it('still searches and looks up plain text, quotes and non-Latin scripts', async () => {
    for (const q of ['abc', '"Q"', '李娜', 'Zhang Wei'])
      expect((await get('/api/customers/search?q=', q)).status).toBe(200);
    expect((await get('/api/customers/lookup?number=', '+1 (202) 555-0199')).status).toBe(200);
  });
});
