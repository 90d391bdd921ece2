/**
 * The console's auto-answer rule: the softphone answers the bridge's dialer's INVITE by itself only while the agent
 * works a campaign whose calls arrive connected and is ready (or reserved for that call), and only for the call
 * whose card the bridge gave this agent — a card a moment behind the INVITE is waited for, briefly.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentState, OutboundCard, WorkableCampaign } from '../../renderer/src/services/protocol';

vi.stubGlobal('window', {
  setTimeout: (fn: () => void, ms?: number) => setTimeout(fn, ms),
  clearTimeout: (id: ReturnType<typeof setTimeout>) => clearTimeout(id),
});

const { shouldAutoAnswer, autoAnswerArmed } =
  await import('../../renderer/src/features/campaigns/auto-answer');
const { outboundStore, patchOutbound, resetOutbound } =
  await import('../../renderer/src/features/campaigns/outbound-store');
const { agentStateStore } = await import('../../renderer/src/features/agent-state/agent-state-store');

const campaign = (autoAnswer: boolean, mode: WorkableCampaign['mode'] = 'predictive'): WorkableCampaign => ({
  id: 3,
  name: 'Spring',
  mode,
  state: 'running',
  callingWindow: { from: '09:00', to: '20:00' },
  dispositionCodes: [],
  autoAnswer,
});

const state = (status: AgentState['status']): AgentState => ({
  agentId: 1,
  status,
  version: 1,
  since: 0,
  reason: null,
  callId: null,
  interactionId: null,
  wrapUpEndsAt: null,
  phoneBusy: false,
  pendingNotReady: null,
});

const cardFor = (callId: string) => ({ call: { callId } }) as unknown as OutboundCard;

beforeEach(() => {
  resetOutbound();
  agentStateStore.set(state('ready'));
});

describe('auto-answer', () => {
  it("answers the dialer's call whose card this agent holds, ready or already reserved for it", async () => {
    patchOutbound({ joined: campaign(true), card: cardFor('out-1') });
    expect(autoAnswerArmed()).toBe(true);
    expect(await shouldAutoAnswer('out-1')).toBe(true);
    agentStateStore.set(state('ringing'));
    expect(await shouldAutoAnswer('out-1')).toBe(true);
  });

  it('waits for a card that comes a moment after the INVITE', async () => {
    patchOutbound({ joined: campaign(true), card: null });
    const answer = shouldAutoAnswer('out-2', 2_000);
    setTimeout(() => patchOutbound({ card: cardFor('out-2') }), 50);
    expect(await answer).toBe(true);
  });

  it('never answers a call that is not on its card (another call id, or no card in time)', async () => {
    patchOutbound({ joined: campaign(true), card: cardFor('out-3') });
    expect(await shouldAutoAnswer('out-other', 100)).toBe(false);
    patchOutbound({ card: null });
    expect(await shouldAutoAnswer('out-4', 100)).toBe(false);
  });

  it('off outside auto-answer campaigns, when not ready, and after leaving', async () => {
    patchOutbound({ joined: campaign(false, 'progressive'), card: cardFor('out-5') });
    expect(await shouldAutoAnswer('out-5')).toBe(false);
    patchOutbound({ joined: campaign(true) });
    for (const status of ['not-ready', 'on-call', 'wrap-up', 'logged-out'] as const) {
      agentStateStore.set(state(status));
      expect(await shouldAutoAnswer('out-5', 50)).toBe(false);
    }
    agentStateStore.set(state('ready'));
    patchOutbound({ joined: null });
    expect(autoAnswerArmed()).toBe(false);
    expect(outboundStore.get().joined).toBeNull();
  });
});
