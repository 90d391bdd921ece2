import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { referralRefusals } from '../../cti-bridge/src/pbx/kamailio/referral-decision';
import { dialFailureText } from '../../renderer/src/features/softphone/dial-failure-text';
import { en } from '../../renderer/src/services/locales/en';
import { zhCN } from '../../renderer/src/services/locales/zh-CN';
import { dialFailureOf, reasonText } from '../../renderer/src/services/softphone/sip-reason';
import { toTargetUri, userOf } from '../../renderer/src/services/softphone/sip-target';

describe('reasonText', () => {
  it.each([
    ['SIP;cause=403;text="Number is on the do-not-call list"', 'Number is on the do-not-call list'],
    ['SIP ; cause=403 ; text = "quoted \\"word\\" inside"', 'quoted "word" inside'],
    ['SIP;cause=403', null],
    ['SIP;cause=403;text=""', null],
    [undefined, null],
  ])('%s → %s', (header, expected) => {
    expect(reasonText(header)).toBe(expected);
  });
});

describe('dialFailureOf', () => {
  const base = { statusCode: 403, reasonPhrase: 'Forbidden', reason: undefined, xReason: undefined };
  it.each([
    [{ reason: 'SIP;cause=403;text="DNC: global list"', xReason: 'dnc' }, 'DNC: global list'],
    [{ xReason: ' outside calling hours ' }, 'outside calling hours'],
    [{}, 'Forbidden'],
  ])('a 403 is the compliance gate, its reason shown as sent (%j)', (headers, reason) => {
    expect(dialFailureOf({ ...base, ...headers })).toEqual({ kind: 'blocked', reason });
  });

  it.each([
    [486, 'Busy Here'],
    [404, 'Not Found'],
    [480, 'Temporarily Unavailable'],
  ])('%i is a plain failure', (statusCode, reasonPhrase) => {
    expect(dialFailureOf({ ...base, statusCode, reasonPhrase })).toEqual({
      kind: 'failed',
      status: statusCode,
      phrase: reasonPhrase,
    });
  });
});

describe('a transfer the bridge refused', () => {
  it.each([480, 403, 603])(
    '%i with a TRANSFER_ X-Reason: shown with its reason, translated by code',
    (statusCode) => {
      const xReason = 'TRANSFER_TARGET_GONE: The consulted agent could not take the call';
      expect(dialFailureOf({ statusCode, reasonPhrase: 'x', reason: undefined, xReason })).toEqual({
        kind: 'blocked',
        reason: xReason,
      });
    },
  );

  it("the console says it in the agent's language (en, zh-CN), and falls back to the text sent", () => {
    const t = ((key: string, options: Record<string, unknown> = {}) => {
      const table: Record<string, string> = {
        'softphone.transferRefused': `refused: ${String(options['reason'])}`,
        'softphone.transferRefusal.TRANSFER_OUTSIDE_CONSULT': 'outside consult',
      };
      return table[key] ?? options['defaultValue'] ?? key;
    }) as unknown as TFunction;
    const known = { kind: 'blocked', reason: 'TRANSFER_OUTSIDE_CONSULT: english' } as const;
    expect(dialFailureText(t, known)).toBe('refused: outside consult');
    const unknown = { kind: 'blocked', reason: 'TRANSFER_NEW_CODE: as sent' } as const;
    expect(dialFailureText(t, unknown)).toBe('refused: TRANSFER_NEW_CODE: as sent');
    for (const locale of [en, zhCN]) {
      for (const code of Object.keys(referralRefusals))
        expect(locale.softphone.transferRefusal[code as keyof typeof referralRefusals]).toBeTruthy();
      expect(locale.softphone.transferRefused).toContain('{{reason}}');
    }
  });
});

describe('toTargetUri', () => {
  const realm = 'ringside.local';
  it.each([
    ['+49 30 1234-5678', 'sip:+493012345678@ringside.local'],
    ['(415) 555.0123', 'sip:4155550123@ringside.local'],
    ['agent2', 'sip:agent2@ringside.local'],
    ['*97#', 'sip:*97#@ringside.local'],
    ['sip:agent3@other.example', 'sip:agent3@other.example'],
    ['  0049301234  ', 'sip:0049301234@ringside.local'],
  ])('%s → %s', (input, uri) => {
    expect(toTargetUri(input, realm)).toBe(uri);
  });

  it.each(['', '   ', 'agent 2', 'sip:nobody', '12<script>', '+', 'a@b@c', '1'.repeat(33)])(
    'refuses %j',
    (input) => {
      expect(toTargetUri(input, realm)).toBeNull();
    },
  );

  it('shows the user part of a URI', () => {
    expect(userOf('sip:+4930123@ringside.local')).toBe('+4930123');
    expect(userOf('agent2')).toBe('agent2');
  });
});
