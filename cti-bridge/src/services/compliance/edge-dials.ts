/** What the bridge told an agent's softphone to dial, so the SIP edge decides that INVITE with its campaign. */
export interface EdgeDialContext {
  campaignId: number;
  leadId: number | null;
}

const EXPECT_MS = 60_000;

export class EdgeDials {
  private readonly expected = new Map<string, EdgeDialContext & { until: number }>();

  constructor(private readonly now: () => number) {}

  expect(agentId: number, e164: string, context: EdgeDialContext): void {
    this.prune();
    this.expected.set(`${agentId} ${e164}`, { ...context, until: this.now() + EXPECT_MS });
  }

  /** The context for this agent's dial to this number, used once; null for a dial nobody commanded. */
  take(agentId: number, e164: string): EdgeDialContext | null {
    const key = `${agentId} ${e164}`;
    const found = this.expected.get(key);
    this.expected.delete(key);
    return found && found.until >= this.now() ? { campaignId: found.campaignId, leadId: found.leadId } : null;
  }

  private prune(): void {
    const now = this.now();
    for (const [key, entry] of this.expected) if (entry.until < now) this.expected.delete(key);
  }
}
