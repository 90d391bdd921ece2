/**
 * Predictive dialing on the sim PBX through the live dialer, with real socket.io clients and the real clock (the
 * sim's customers answer and hang up within a second or two): calls placed before agents are free, answered calls
 * connected to a free agent of the campaign already answered with the card, a live answer no agent takes within 2 s
 * abandoned with the campaign's message, and the supervisors' pacing view (refused to agents).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, callAttempts, pacingDecisions } from '../../db/schema';
import type { OutboundCard, PacingView } from '../../cti-bridge/protocol';
import { createRunningCampaign } from '../support/campaigns';
import {
  command,
  next,
  startTestRingside,
  type AgentSocket,
  type TestRingside,
} from '../support/test-ringside';
import { until } from '../support/until';

let t: TestRingside;
let admin: string;
let supervisor: AgentSocket;
const pacing: PacingView[] = [];

beforeAll(async () => {
  t = await startTestRingside();
  admin = await t.login('admin');
  supervisor = await t.connect(await t.login('supervisor'));
  supervisor.on('campaign:pacing-changed', (view) => pacing.push(view));
}, 60_000);
afterAll(async () => {
  supervisor?.disconnect();
  await t?.stop();
});

const leads = (n: number, from: number, zone = 'UTC') =>
  Array.from({ length: n }, (_, i) => `+1202555${String(from + i).padStart(4, '0')},Lead${i},Acme,${zone}`);

/** A zone where it is about noon now (UK rules allow 08:00–21:00 only, and the test runs at any hour). */
function noonZone(): string {
  const offset = Math.max(-12, Math.min(14, 12 - new Date().getUTCHours()));
  return offset === 0 ? 'UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

const attemptsOf = (campaignId: number) =>
  t.ringside.db.select().from(callAttempts).where(eq(callAttempts.campaignId, campaignId)).all();

interface Worker {
  socket: AgentSocket;
  cards: OutboundCard[];
  answered: string[];
  /** Calls whose card arrived after their `call:answered` (must stay empty: the pop comes with the call). */
  late: string[];
}

/** An agent on the campaign who wraps every answered call up at once with a final disposition. */
async function worker(username: string, campaignId: number): Promise<Worker> {
  const socket = await t.connect(await t.login(username));
  const w: Worker = { socket, cards: [], answered: [], late: [] };
  socket.on('outbound:card', (card) => {
    if (card.call && w.answered.includes(card.call.callId)) w.late.push(card.call.callId);
    w.cards.push(card);
  });
  socket.on('call:answered', (fact) => w.answered.push(fact.callId));
  socket.on('outbound:ended', (fact) => {
    if (!fact.needsDisposition) return;
    void command(socket, 'interaction:wrap-up', {
      interactionId: fact.interactionId,
      idempotencyKey: `wrap-${fact.interactionId}`,
      dispositionCode: 'sale-made',
      notes: '',
    });
  });
  const joined = await command(socket, 'campaign:join', { campaignId });
  expect(joined.ok, JSON.stringify(joined)).toBe(true);
  expect((await command(socket, 'agent:set-state', { status: 'ready' })).ok).toBe(true);
  return w;
}

describe('predictive campaign on the sim PBX', () => {
  it('places calls ahead of agents, connects answers auto-answered with the card, holds the abandon limit', async () => {
    const campaignId = await createRunningCampaign(t, admin, {
      name: 'Predictive floor',
      mode: 'predictive',
      leads: leads(400, 1000),
      extra: { maxLines: 8, abandonMessage: 'Ringside calling; call us back on 0800 000 000' },
    });
    // live answers 60%, the rest busy at once; short rings and talks so a shift passes in seconds
    t.sim.setOutboundProfile(campaignId, {
      answerRate: 1,
      busyRate: 0.4,
      failRate: 0,
      machineShare: 0,
      setupMs: [50, 150],
      pickUpMs: [300, 1_200],
      talkMs: [400, 1_500],
    });
    const workers = await Promise.all(['agent1', 'agent2', 'agent3'].map((u) => worker(u, campaignId)));
    const connected = () => workers.reduce((n, w) => n + w.answered.length, 0);
    await until(() => connected() >= 30, 60_000, '30 predictive calls connected to agents');
    for (const w of workers) {
      await command(w.socket, 'agent:set-state', { status: 'not-ready', reason: 'break' });
      w.socket.disconnect();
    }

    // every connected call came with its card (the pop) no later than the answer, already connected
    for (const w of workers) {
      expect(w.late).toEqual([]);
      for (const callId of w.answered) expect(w.cards.some((c) => c.call?.callId === callId)).toBe(true);
    }
    expect(workers.every((w) => w.answered.length > 0)).toBe(true);

    // outcomes recorded: answered ones with their agent and disposition, the rest busy (or abandoned)
    await until(
      () => attemptsOf(campaignId).every((a) => a.outcome !== null),
      20_000,
      'every attempt settled',
    );
    const attempts = attemptsOf(campaignId);
    const count = (o: string) => attempts.filter((a) => a.outcome === o).length;
    expect(count('answered')).toBeGreaterThanOrEqual(30);
    expect(count('answered') + count('busy') + count('abandoned')).toBe(attempts.length);
    const answeredRow = attempts.find((a) => a.outcome === 'answered');
    const interaction = t.ringside.interactions.find(answeredRow?.interactionId ?? 0);
    expect(interaction).toMatchObject({ direction: 'outbound', campaignId, outcome: 'completed' });
    expect(interaction?.agentId).not.toBeNull();

    // the pacing's record: every interval with the window over its target dialled progressive only, and the
    // dialer did dial ahead of ready agents while the budget allowed
    const decisions = t.ringside.db
      .select()
      .from(pacingDecisions)
      .where(eq(pacingDecisions.campaignId, campaignId))
      .all();
    expect(decisions.length).toBeGreaterThan(0);
    for (const d of decisions) {
      const window = d.inputs['window'] as { answers: number; abandons: number };
      if (window.abandons > 0.03 * window.answers) expect(d.mode).toBe('progressive');
    }
    const ahead = decisions.filter((d) => d.launch > (d.inputs['floor'] as { ready: number }).ready);
    expect(ahead.length).toBeGreaterThan(0);
    const view = pacing.filter((v) => v.campaignId === campaignId).at(-1);
    expect(view?.abandon.target).toBe(0.03);
  }, 120_000);

  it('abandons a live answer no agent takes within 2 s: message played, attempt, lead protected, budget', async () => {
    const message = 'Ringside Ltd calling; please call us back on 0800 000 000';
    const campaignId = await createRunningCampaign(t, admin, {
      name: 'Predictive abandon',
      mode: 'predictive',
      leads: leads(3, 2000, noonZone()),
      extra: {
        maxLines: 1,
        rules: 'UK',
        callingWindow: { from: '08:00', to: '21:00' },
        abandonMessage: message,
      },
    });
    // answered 3 s after the dial: time enough for the agent to step away after the call is launched
    t.sim.setOutboundProfile(campaignId, {
      answerRate: 1,
      busyRate: 0,
      failRate: 0,
      machineShare: 0,
      setupMs: [50, 100],
      pickUpMs: [3_000, 3_200],
    });
    const launched = next(
      supervisor,
      'campaign:pacing-changed',
      (v) => v.campaignId === campaignId && v.placed > 0,
    );
    const agent = await worker('agent4', campaignId);
    await launched;
    expect(
      (await command(agent.socket, 'agent:set-state', { status: 'not-ready', reason: 'break' })).ok,
    ).toBe(true);

    await until(
      () => attemptsOf(campaignId).some((a) => a.outcome === 'abandoned'),
      20_000,
      'an abandoned call',
    );
    const abandoned = attemptsOf(campaignId).find((a) => a.outcome === 'abandoned');
    if (!abandoned?.leadId) throw new Error('no abandoned attempt');
    expect(abandoned.messagePlayed).toBe(true);
    expect(abandoned.answeredAt).not.toBeNull();
    expect((abandoned.endedAt ?? 0) - (abandoned.answeredAt ?? 0)).toBeGreaterThanOrEqual(2_000);
    expect(agent.answered).toEqual([]);
    const played = t.sim.playedMessages().filter((m) => m.campaignId === campaignId);
    expect(played.map((m) => m.message)).toContain(message);

    // the lead waits 72 h; a predictive redial is refused by the gate (UK), one with an agent reserved is not
    const lead = t.ringside.leads.get(abandoned.leadId);
    expect(lead).toMatchObject({ status: 'retry', lastOutcome: 'abandoned' });
    expect(lead?.nextAttemptAt ?? 0).toBeGreaterThan(Date.now() + 71 * 3_600_000);
    const intent = {
      path: 'campaign' as const,
      number: abandoned.e164,
      agentId: null,
      campaignId,
      leadId: null,
    };
    const predictive = t.ringside.compliance.check({ ...intent, agentReserved: false });
    expect(predictive.reasons.map((r) => r.code)).toContain('UK_ABANDONED_72H');
    const byAgent = t.ringside.compliance.check({ ...intent, agentReserved: true });
    expect(byAgent.reasons.map((r) => r.code)).not.toContain('UK_ABANDONED_72H');

    // it counts in the budget the gate and the pacing read, and it is audited
    expect(t.ringside.attempts.abandonStats(campaignId, 0).abandoned).toBeGreaterThanOrEqual(1);
    const view = await command(supervisor, 'campaign:pacing', { campaignId });
    if (!view.ok || !view.data) throw new Error(JSON.stringify(view));
    expect(view.data.abandon.abandons).toBeGreaterThanOrEqual(0);
    await until(
      () => pacing.some((v) => v.campaignId === campaignId && v.abandon.abandons >= 1),
      10_000,
      'the pacing view counting the abandon',
    );
    const audits = t.ringside.db.select().from(auditLog).where(eq(auditLog.action, 'call.abandoned')).all();
    expect(audits.some((a) => a.subject === `lead:${abandoned.leadId}`)).toBe(true);
    agent.socket.disconnect();
  }, 60_000);

  it('shows the pacing to supervisors and admins only: an agent socket is refused and gets no pushes', async () => {
    const campaignId = await createRunningCampaign(t, admin, {
      name: 'Predictive watched',
      mode: 'predictive',
      leads: leads(2, 3000),
      extra: { maxLines: 2 },
    });
    t.sim.setOutboundProfile(campaignId, { answerRate: 0, busyRate: 1, failRate: 0, setupMs: [50, 100] });
    const agent = await worker('agent2', campaignId);
    let pushedToAgent = 0;
    agent.socket.on('campaign:pacing-changed', () => (pushedToAgent += 1));
    const refused = await command(agent.socket, 'campaign:pacing', { campaignId });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('FORBIDDEN');

    const adminSocket = await t.connect(admin);
    const seenByAdmin = next(adminSocket, 'campaign:pacing-changed', (v) => v.campaignId === campaignId);
    const view = await seenByAdmin;
    expect(view).toMatchObject({ campaignId, name: 'Predictive watched', lines: { max: 2 } });
    expect(view.explanation).toMatch(/^Launch \d+/);
    const asked = await command(adminSocket, 'campaign:pacing', { campaignId });
    expect(asked.ok && asked.data?.campaignId).toBe(campaignId);
    await next(supervisor, 'campaign:pacing-changed', (v) => v.campaignId === campaignId && v.at > view.at);
    expect(pushedToAgent).toBe(0);
    adminSocket.disconnect();
    agent.socket.disconnect();
  }, 60_000);
});
