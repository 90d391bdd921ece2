import { describe, expect, it } from 'vitest';
import { patternProblem } from '../../../cti-bridge/protocol/attached-pattern';
import {
  attachedFieldSchema,
  ruleSetDocumentSchema,
  type AttachedField,
} from '../../../cti-bridge/protocol/routing-rules.schema';
import { extractAttached } from '../../../cti-bridge/src/domain/routing-rules/attached-data';

const field = (patch: Partial<AttachedField> = {}): AttachedField => ({
  header: 'X-Customer-Segment',
  key: 'segment',
  label: 'Segment',
  labelZh: '客户分群',
  maxLength: 12,
  charset: 'token',
  showInPop: true,
  ...patch,
});

describe('attached fields as admins configure them', () => {
  it.each([
    ['X-Ringside-Account', true],
    ['User-to-User', true],
    // RFC 3261 token characters beyond letters, digits and "-"
    ["X.Carrier!%*_+`'~", true],
    ['i', true],
    ['X Ringside', false],
    ['X-Ringside:Account', false],
    ['X-Ringside,Account', false],
    ['X-Ringside-帐号', false],
    ['', false],
    ['X'.repeat(65), false],
    // credentials are never read into call data
    ['Authorization', false],
    ['proxy-authorization', false],
  ])('header name %j valid: %s', (header, valid) => {
    expect(attachedFieldSchema.safeParse(field({ header })).success).toBe(valid);
  });

  it.each([
    ['[0-9]{8}', null],
    ['gold|silver|bronze', null],
    ['(?:[A-Z]{2}-)?[0-9]{6}', null],
    ['[a-z]+@[a-z]+\\.com', null],
    ['(', 'not a valid regular expression'],
    ['(a)\\1', 'back-references are not allowed'],
    ['(?=a)a', 'lookahead and lookbehind are not allowed'],
    ['(?<!a)b', 'lookahead and lookbehind are not allowed'],
    ['(a+)+', 'a repeated group may not repeat or branch inside'],
    ['(a|aa)*', 'a repeated group may not repeat or branch inside'],
    ['((ab)+c)*', 'a repeated group may not repeat or branch inside'],
    ['a*a*a*a*b', 'at most 3 repeating parts'],
  ])('pattern %j: %s', (pattern, problem) => {
    expect(patternProblem(pattern)).toBe(problem);
    expect(attachedFieldSchema.safeParse(field({ pattern })).success).toBe(problem === null);
  });

  it('a pattern longer than 200 characters is refused', () => {
    expect(attachedFieldSchema.safeParse(field({ pattern: 'a'.repeat(201) })).success).toBe(false);
  });

  it('at most 16 fields, each header and key once', () => {
    const many = Array.from({ length: 17 }, (_, i) => field({ header: `X-H${i}`, key: `k${i}` }));
    expect(ruleSetDocumentSchema.safeParse({ attachedFields: many, rules: [] }).success).toBe(false);
    const twice = [field(), field({ key: 'other' })];
    const check = ruleSetDocumentSchema.safeParse({ attachedFields: twice, rules: [] });
    expect(check.error?.issues[0]?.message).toBe('header X-Customer-Segment is listed twice');
  });

  it.each([
    ['gold', { segment: 'gold' }, []],
    [' silver ', { segment: 'silver' }, []],
    ['golden', {}, ['bad-pattern']],
    ['gold!', {}, ['bad-charset']],
  ])('a value %j against the pattern gold|silver (whole value)', (value, values, reasons) => {
    const read = extractAttached([field({ pattern: 'gold|silver' })], { 'x-customer-segment': value });
    expect(read.values).toEqual(values);
    expect(read.dropped.map((drop) => drop.reason)).toEqual(reasons);
  });

  it('the worst allowed pattern on the longest value is decided (cubic in 256 characters, not exponential)', () => {
    const read = extractAttached([field({ maxLength: 256, charset: 'text', pattern: 'a*a*a*b' })], {
      'X-Customer-Segment': 'a'.repeat(256),
    });
    expect(read.dropped.map((drop) => drop.reason)).toEqual(['bad-pattern']);
  });
});
