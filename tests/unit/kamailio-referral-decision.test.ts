import { describe, expect, it } from 'vitest';
import {
  decideReferral,
  refusalHeader,
  type ReferralFacts,
} from '../../cti-bridge/src/pbx/kamailio/referral-decision';

/** A REFER from the connected agent's softphone, to agent 2, blind. */
const refer = (facts: Partial<ReferralFacts> = {}): ReferralFacts => ({
  connected: true,
  fromAgentLeg: true,
  hubThere: true,
  attendedPending: false,
  targetUser: 'agent2',
  targetAgentId: 2,
  replaces: false,
  ...facts,
});

describe('what the bridge does with a REFER on a call it placed', () => {
  it('blind to an agent: the hub rings them; blind to a number: the outside transfer (gated)', () => {
    expect(decideReferral(refer())).toEqual({ kind: 'blind', agentId: 2 });
    expect(decideReferral(refer({ targetUser: '+15550100777', targetAgentId: null }))).toEqual({
      kind: 'outside',
      number: '+15550100777',
    });
  });

  it('a consult completed (Replaces) with an agent: the attended transfer to that agent', () => {
    expect(decideReferral(refer({ replaces: true }))).toEqual({ kind: 'attended', agentId: 2 });
  });

  it('a consult completed with an outside number is refused with its reason (the agent keeps the call)', () => {
    for (const targetUser of ['+15550100777', 'someone'])
      expect(decideReferral(refer({ replaces: true, targetUser, targetAgentId: null }))).toEqual({
        kind: 'refuse',
        status: 403,
        code: 'TRANSFER_OUTSIDE_CONSULT',
      });
  });

  it('refused when the call is not this leg’s now, the hub is away, or a completion is under way', () => {
    for (const facts of [{ connected: false }, { fromAgentLeg: false }, { hubThere: false }])
      for (const replaces of [false, true])
        expect(decideReferral(refer({ ...facts, replaces }))).toMatchObject({
          kind: 'refuse',
          code: 'TRANSFER_NOT_CONNECTED',
        });
    expect(decideReferral(refer({ replaces: true, attendedPending: true }))).toMatchObject({
      kind: 'refuse',
      code: 'TRANSFER_BUSY',
    });
    expect(decideReferral(refer({ targetUser: 'nobody', targetAgentId: null }))).toMatchObject({
      kind: 'refuse',
      code: 'TRANSFER_UNKNOWN_TARGET',
    });
  });

  it('the refusal header is one line: code, then the text', () => {
    expect(refusalHeader('TRANSFER_TARGET_GONE')).toMatch(/^X-Reason: TRANSFER_TARGET_GONE: [^\r\n]+$/);
  });
});
