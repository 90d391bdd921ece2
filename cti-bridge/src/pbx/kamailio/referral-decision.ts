/** A Refer-To user that is a number (as kamailio.cfg's DIAL_RE): a transfer to an outside number. */
const OUTSIDE = /^\+?[0-9*#]{3,}$/;

/** What the bridge knows about a REFER the agent's softphone sent on a server-placed call. */
export interface ReferralFacts {
  /** The call is connected to an agent (not ringing, not already being transferred). */
  connected: boolean;
  /** The REFER came on the agent leg the call is connected through now. */
  fromAgentLeg: boolean;
  /** The hub is listening (a transfer must be told to it). */
  hubThere: boolean;
  /** Another attended transfer of this call is still being set up. */
  attendedPending: boolean;
  /** The Refer-To URI's user part. */
  targetUser: string;
  /** The agent that user is, or null. */
  targetAgentId: number | null;
  /** The Refer-To carries `?Replaces=` (an attended transfer: it completes a consult call). */
  replaces: boolean;
}

/** Why a REFER is refused; `X-Reason: <code>: <text>` tells the console (translated by code). */
export const referralRefusals = {
  TRANSFER_NOT_CONNECTED: 'The call is not connected to this phone now.',
  TRANSFER_BUSY: 'A transfer of this call is already being completed.',
  TRANSFER_UNKNOWN_TARGET: 'The transfer target is neither an agent nor a phone number.',
  TRANSFER_OUTSIDE_CONSULT:
    'A consult call to an outside number cannot be completed as a transfer: hang up the consult and use a blind transfer to the number.',
  TRANSFER_TARGET_GONE:
    'The consulted agent could not take the call (the consult ended?); the caller stays with you.',
} as const;
export type ReferralRefusal = keyof typeof referralRefusals;

export type ReferralDecision =
  | { kind: 'blind'; agentId: number }
  | { kind: 'attended'; agentId: number }
  | { kind: 'outside'; number: string }
  | { kind: 'refuse'; status: 403 | 603; code: ReferralRefusal };

/**
 * What the bridge does with a REFER from the agent's softphone on a call it placed. A blind REFER to an agent or to a
 * number is carried out by the bridge (a new leg through Kamailio). A REFER with Replaces completes a consult: to an
 * agent, the bridge INVITEs that agent with the Replaces (their phone swaps the consult for the customer); to an
 * outside number it is refused — the consult is the agent phone's own call through Kamailio, which the bridge does
 * not hold, and carriers rarely honour Replaces (README "Transfers on server-placed calls").
 */
export function decideReferral(facts: ReferralFacts): ReferralDecision {
  if (!facts.connected || !facts.fromAgentLeg || !facts.hubThere)
    return { kind: 'refuse', status: 603, code: 'TRANSFER_NOT_CONNECTED' };
  if (facts.attendedPending) return { kind: 'refuse', status: 603, code: 'TRANSFER_BUSY' };
  const { targetAgentId: agentId } = facts;
  if (facts.replaces) {
    if (agentId !== null) return { kind: 'attended', agentId };
    return { kind: 'refuse', status: 403, code: 'TRANSFER_OUTSIDE_CONSULT' };
  }
  if (agentId !== null) return { kind: 'blind', agentId };
  if (OUTSIDE.test(facts.targetUser)) return { kind: 'outside', number: facts.targetUser };
  return { kind: 'refuse', status: 603, code: 'TRANSFER_UNKNOWN_TARGET' };
}

/** The `X-Reason` header of a refusal: one line, bounded. */
export function refusalHeader(code: ReferralRefusal): string {
  return `X-Reason: ${code}: ${referralRefusals[code]}`.replace(/[\r\n]+/g, ' ').slice(0, 250);
}
