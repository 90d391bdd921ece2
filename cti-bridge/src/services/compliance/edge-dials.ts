/** What the bridge told an agent's softphone to dial, so the SIP edge decides that INVITE with its attempt. */
export interface EdgeDialContext {
  attemptId: number;
  campaignId: number | null;
  leadId: number | null;
}

/**
 * The `X-Ringside-Attempt` a phone's INVITE carried, checked against what the bridge commanded: `none` (no
 * header: a dial of the agent's own), `valid` (that agent, that number, not used before, not expired) or
 * `invalid` with why.
 */
export type AttemptClaim =
  { kind: 'none' } | { kind: 'valid'; context: EdgeDialContext } | { kind: 'invalid'; why: string };

const EXPECT_MS = 60_000;

interface Expected extends EdgeDialContext {
  agentId: number;
  e164: string;
  until: number;
}

/** The dials the bridge commanded, by attempt id; each one is taken by at most one INVITE. */
export class EdgeDials {
  private readonly expected = new Map<number, Expected>();

  constructor(private readonly now: () => number) {}

  expect(agentId: number, e164: string, context: EdgeDialContext): void {
    this.prune();
    this.expected.set(context.attemptId, { ...context, agentId, e164, until: this.now() + EXPECT_MS });
  }

  /**
   * Checks the header of an INVITE from `agentId` to `e164` (null: not a number). A valid claim is used up: the
   * same attempt cannot carry a second call. A claim that names another agent's attempt or another number does
   * not use that attempt up, so a forged header cannot spoil a colleague's dial.
   */
  claim(agentId: number, e164: string | null, header: string | undefined): AttemptClaim {
    if (header === undefined || header === '') return { kind: 'none' };
    if (!/^[0-9]{1,15}$/.test(header)) return { kind: 'invalid', why: 'malformed attempt id' };
    const attemptId = Number(header);
    const found = this.expected.get(attemptId);
    if (!found || found.until < this.now())
      return { kind: 'invalid', why: `attempt ${attemptId} is unknown, used or expired` };
    if (found.agentId !== agentId)
      return { kind: 'invalid', why: `attempt ${attemptId} is not this agent's` };
    if (found.e164 !== e164) return { kind: 'invalid', why: `attempt ${attemptId} is for another number` };
    this.expected.delete(attemptId);
    return {
      kind: 'valid',
      context: { attemptId, campaignId: found.campaignId, leadId: found.leadId },
    };
  }

  private prune(): void {
    const now = this.now();
    for (const [key, entry] of this.expected) if (entry.until < now) this.expected.delete(key);
  }
}
