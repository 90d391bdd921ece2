/** Campaigns and leads for the outbound tests, through the HTTP API as integrators use it. */
import { expect } from 'vitest';
import { command, type AgentSocket, type TestRingside } from './test-ringside';

export interface CampaignSetup {
  name: string;
  mode: 'preview' | 'progressive' | 'predictive';
  /** Progressive calls placed from the server (where the PBX can originate). */
  serverPlaced?: boolean;
  script?: string;
  /** CSV lines after the header `phone,first_name,company,timezone`. */
  leads: string[];
  retryDelaysSec?: Record<string, number>;
  agentIds?: number[];
  maxAttempts?: number;
  dispositionCodes?: string[];
  /** Any other campaign field (rules, maxLines, abandonMessage…). */
  extra?: Record<string, unknown>;
}

export async function createRunningCampaign(
  t: TestRingside,
  admin: string,
  setup: CampaignSetup,
): Promise<number> {
  const created = await t.api<{ id: number }>('POST', '/api/campaigns', admin, {
    name: setup.name,
    mode: setup.mode,
    // rules 'none' and the whole day: the tests run at any hour; the window rules have their own tests
    callingWindow: { from: '00:00', to: '24:00' },
    rules: 'none',
    maxAttempts: setup.maxAttempts ?? 3,
    retryDelaysSec: setup.retryDelaysSec ?? {},
    script: setup.script ?? 'Hello {first_name}, this is Ringside calling for {company}.',
    dispositionCodes: setup.dispositionCodes ?? [
      'sale-made',
      'callback-requested',
      'do-not-call',
      'wrong-number',
    ],
    agentIds: setup.agentIds ?? [],
    ringTimeSec: 15,
    ...(setup.serverPlaced ? { serverPlaced: true } : {}),
    ...setup.extra,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id;
  const csv = ['phone,first_name,company,timezone', ...setup.leads].join('\n');
  const imported = await fetch(`${t.url}/api/campaigns/${id}/leads/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' },
    body: csv,
  });
  const result = (await imported.json()) as { imported: number };
  expect(imported.status, JSON.stringify(result)).toBe(200);
  expect(result.imported).toBe(setup.leads.length);
  const started = await t.api('POST', `/api/campaigns/${id}/start`, admin);
  expect(started.status).toBe(200);
  return id;
}

/** The sim's customers of this campaign: every call answered (or busy) within a fraction of a second. */
export function simAlways(t: TestRingside, campaignId: number, outcome: 'answered' | 'busy'): void {
  t.sim.setOutboundProfile(campaignId, {
    answerRate: outcome === 'answered' ? 1 : 0,
    busyRate: outcome === 'busy' ? 1 : 0,
    failRate: 0,
    machineShare: 0,
    setupMs: [50, 100],
    pickUpMs: [300, 500],
  });
}

/** The sim's customers of a predictive campaign: answered at `answerRate` after a short ring, else half busy. */
export function simLively(
  t: TestRingside,
  campaignId: number,
  { answerRate, talkMs }: { answerRate: number; talkMs: [number, number] },
): void {
  t.sim.setOutboundProfile(campaignId, {
    answerRate,
    busyRate: 0.5,
    failRate: 0,
    machineShare: 0,
    setupMs: [50, 150],
    pickUpMs: [300, 1_200],
    talkMs,
  });
}

/**
 * An agent's socket (no console) working a campaign: joined, ready, and closing each call with a sale at once,
 * so the campaign keeps dialling for them.
 */
export async function readyAgentClosingCalls(
  t: TestRingside,
  username: string,
  campaignId: number,
): Promise<AgentSocket> {
  const socket = await t.connect(await t.login(username));
  socket.on('outbound:ended', (fact) => {
    if (fact.needsDisposition)
      void command(socket, 'interaction:wrap-up', {
        interactionId: fact.interactionId,
        idempotencyKey: `closing-${fact.interactionId}`,
        dispositionCode: 'sale-made',
        notes: '',
      });
  });
  expect((await command(socket, 'campaign:join', { campaignId })).ok).toBe(true);
  expect((await command(socket, 'agent:set-state', { status: 'ready' })).ok).toBe(true);
  return socket;
}
