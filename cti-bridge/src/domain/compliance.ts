/**
 * The compliance gate's rules, pure. Every dial passes here at dial time on the server (and at the SIP edge);
 * the answer is allowed, or blocked with a stable reason code. It never throws. The outbound-campaign work adds
 * calling hours in the lead's time zone, attempts and retry delay as further inputs.
 */
import type { DialDecision } from './dial-decision';

export interface DialFacts {
  /** The dialled number normalised to E.164, or null when it is not a valid phone number. */
  e164: string | null;
  /** Why the number is on a do-not-call list, or null when it is not. */
  dncReason: string | null;
}

export function decideDial(facts: DialFacts): DialDecision {
  if (facts.e164 === null)
    return { allowed: false, code: 'INVALID_NUMBER', reason: 'not a valid phone number' };
  if (facts.dncReason !== null)
    return { allowed: false, code: 'DNC', reason: `number is on the do-not-call list (${facts.dncReason})` };
  return { allowed: true, e164: facts.e164 };
}
