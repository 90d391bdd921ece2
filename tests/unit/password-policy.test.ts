import { describe, expect, it } from 'vitest';
import { passwordProblems } from '../../cti-bridge/protocol/users.schema';

describe('strong-password rules', () => {
  it.each([
    ['Correct-Horse-9', 'agent9', []],
    ['correct horse battery 9', 'agent9', []],
    ['CORRECTHORSE99', 'agent9', ['too-simple']],
    ['Short-1a', 'agent9', ['too-short']],
    ['alllowercaseletters', 'agent9', ['too-simple']],
    ['My-agent9-Password', 'agent9', ['contains-username']],
    ['My-AGENT9-Password', 'agent9', ['contains-username']],
    ['口令-Password-2026', 'agent9', []],
    ['', 'agent9', ['too-short', 'too-simple']],
    [`Aa1-${'x'.repeat(200)}`, 'agent9', ['too-long']],
  ] as const)('%j for %s → %j', (password, username, problems) => {
    expect(passwordProblems(password, username)).toEqual(problems);
  });
});
