import { describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { createRunningCampaign, simAlways } from '../support/campaigns';
import { readyAgent, useTestRingside } from '../support/ringside-file';
import { command, next, type AgentSocket, type TestRingside } from '../support/test-ringside';

let t: TestRingside;
let admin: string;

useTestRingside((file) => ({ t, admin } = file));

const lead = (id: number) => t.ringside.leads.get(id);

async function wrapUp(socket: AgentSocket, interactionId: number, code: string, extra: object = {}) {
  const res = await command(socket, 'interaction:wrap-up', {
    interactionId,
    idempotencyKey: `key-${interactionId}-${code}`,
    dispositionCode: code,
    notes: '',
    ...extra,
  });
  expect(res.ok, JSON.stringify(res)).toBe(true);
}

describe('preview dialing on the sim PBX', () => {
  it('card with script and local time → dial → answer → hang up → disposition → lead done', async () => {
    const campaignId = await createRunningCampaign(t, admin, {
      name: 'Preview basic',
      mode: 'preview',
      leads: ['+12025550111,Alice,Acme,UTC'],
    });
    simAlways(t, campaignId, 'answered');
    const socket = await readyAgent(t, 'agent1');
    const joined = await command(socket, 'campaign:join', { campaignId });
    if (!joined.ok || !joined.data.card) throw new Error(JSON.stringify(joined));
    const card = joined.data.card;
    expect(card.lead.fields['first_name']).toBe('Alice');
    expect(card.script.map((p) => ('text' in p ? p.text : p.value)).join('')).toBe(
      'Hello Alice, this is Ringside calling for Acme.',
    );
    expect(card.localTimes[0]?.zone).toBe('UTC');

    const answered = next(socket, 'call:answered');
    const dialled = await command(socket, 'preview:dial', { leadId: card.lead.id });
    if (!dialled.ok || !dialled.data.placed) throw new Error(JSON.stringify(dialled));
    const { callId, interactionId } = dialled.data;
    await answered;
    const hungUp = await command(socket, 'outbound:hangup', { callId });
    expect(hungUp.ok).toBe(true);
    await wrapUp(socket, interactionId, 'sale-made');
    expect(lead(card.lead.id)).toMatchObject({ status: 'done', attempts: 1, lastOutcome: 'answered' });
    const interaction = t.ringside.interactions.find(interactionId);
    expect(interaction).toMatchObject({
      direction: 'outbound',
      campaignId,
      leadId: card.lead.id,
      outcome: 'completed',
    });
    expect(interaction?.answeredAt).not.toBeNull();
    await command(socket, 'campaign:leave', {});
    socket.disconnect();
  });

  it('a busy lead is recycled for a retry; a skipped lead waits and the skip is audited', async () => {
    const campaignId = await createRunningCampaign(t, admin, {
      name: 'Preview busy',
      mode: 'preview',
      leads: ['+12025550121,Bob,Beta,UTC', '+12025550122,Carol,Gamma,UTC'],
      retryDelaysSec: { busy: 600 },
    });
    simAlways(t, campaignId, 'busy');
    const socket = await readyAgent(t, 'agent2');
    const joined = await command(socket, 'campaign:join', { campaignId });
    if (!joined.ok || !joined.data.card) throw new Error('no card');
    const first = joined.data.card.lead.id;
    const ended = next(socket, 'outbound:ended');
    const dialled = await command(socket, 'preview:dial', { leadId: first });
    expect(dialled.ok && dialled.data.placed).toBe(true);
    expect(await ended).toMatchObject({ outcome: 'busy', needsDisposition: false });
    expect(lead(first)).toMatchObject({ status: 'retry', attempts: 1, lastOutcome: 'busy' });
    expect(lead(first)?.nextAttemptAt).toBeGreaterThan(Date.now() + 500_000);

    const card = await command(socket, 'preview:next', {});
    if (!card.ok || !card.data.card) throw new Error('no second card');
    const second = card.data.card.lead.id;
    expect(second).not.toBe(first);
    const skipped = await command(socket, 'preview:skip', { leadId: second, reason: 'not-now' });
    expect(skipped.ok && skipped.data.card).toBeNull();
    expect(lead(second)).toMatchObject({ status: 'retry', attempts: 0 });
    const audits = t.ringside.db
      .select()
      .from(auditLog)
      .all()
      .filter((a) => a.action === 'lead.skip');
    expect(audits.some((a) => a.subject === `lead:${second}` && a.reason === 'not-now')).toBe(true);
    await command(socket, 'campaign:leave', {});
    socket.disconnect();
  });

  it('a callback for anyone comes back as due', async () => {
    const campaignId = await createRunningCampaign(t, admin, {
      name: 'Preview callback',
      mode: 'preview',
      leads: ['+12025550131,Dan,Delta,UTC'],
    });
    simAlways(t, campaignId, 'answered');
    const socket = await readyAgent(t, 'agent3');
    const joined = await command(socket, 'campaign:join', { campaignId });
    if (!joined.ok || !joined.data.card) throw new Error('no card');
    const leadId = joined.data.card.lead.id;
    const answered = next(socket, 'call:answered');
    const dialled = await command(socket, 'preview:dial', { leadId });
    if (!dialled.ok || !dialled.data.placed) throw new Error('not placed');
    await answered;
    await command(socket, 'outbound:hangup', { callId: dialled.data.callId });
    const callbackAt = Date.now() + 1500;
    await wrapUp(socket, dialled.data.interactionId, 'callback-requested', {
      callbackAt,
      callbackFor: 'anyone',
    });
    expect(lead(leadId)).toMatchObject({ status: 'callback', nextAttemptAt: callbackAt });
    const notYet = await command(socket, 'callbacks:due', {});
    expect(notYet.ok && notYet.data.filter((c) => c.leadId === leadId)).toEqual([]);
    await new Promise((done) => setTimeout(done, 1600));
    const due = await command(socket, 'callbacks:due', {});
    if (!due.ok) throw new Error('callbacks');
    expect(due.data.find((c) => c.leadId === leadId)).toMatchObject({ kind: 'campaign', personal: false });
    await command(socket, 'campaign:leave', {});
    socket.disconnect();
  });
});

describe('progressive dialing on the sim PBX', () => {
  it('dials the moment the agent is ready, one call per agent, and again after the disposition', async () => {
    const campaignId = await createRunningCampaign(t, admin, {
      name: 'Progressive',
      mode: 'progressive',
      leads: ['+12025550141,Eve,Epsilon,UTC', '+12025550142,Frank,Zeta,UTC'],
    });
    simAlways(t, campaignId, 'answered');
    const socket = await t.connect(await t.login('agent4'));
    const joined = await command(socket, 'campaign:join', { campaignId });
    expect(joined.ok).toBe(true);
    const card = next(socket, 'outbound:card', (c) => c.call !== null);
    const answered = next(socket, 'call:answered');
    await command(socket, 'agent:set-state', { status: 'ready' });
    const first = await card;
    const { callId, interactionId } = first.call ?? { callId: '', interactionId: 0 };
    await answered;
    const secondCard = next(socket, 'outbound:card', (c) => c.call !== null && c.lead.id !== first.lead.id);
    await command(socket, 'outbound:hangup', { callId });
    await wrapUp(socket, interactionId, 'wrong-number');
    const second = await secondCard;
    expect(second.call?.phase).toBe('dialing');
    expect(lead(first.lead.id)?.status).toBe('done');
    socket.disconnect();
  });
});

describe('a DNC number is refused on every dial path, and audited', () => {
  it('campaign, click-to-dial and the socket command', async () => {
    const number = '+12025550199';
    const added = await t.api('POST', '/api/dnc', admin, { number, reason: 'asked us to stop' });
    expect(added.status).toBe(201);
    const campaignId = await createRunningCampaign(t, admin, {
      name: 'DNC paths',
      mode: 'preview',
      leads: [`${number},Gina,Eta,UTC`],
    });
    const socket = await readyAgent(t, 'supervisor');
    const joined = await command(socket, 'campaign:join', { campaignId });
    if (!joined.ok || !joined.data.card) throw new Error('no card');
    const refused = await command(socket, 'preview:dial', { leadId: joined.data.card.lead.id });
    expect(refused.ok && !refused.data.placed && refused.data.reasons.map((r) => r.code)).toContain(
      'DNC_GLOBAL',
    );
    expect(lead(joined.data.card.lead.id)?.status).toBe('blocked');
    await command(socket, 'campaign:leave', {});

    const manual = await command(socket, 'outbound:dial-number', { number: '(202) 555-0199' });
    expect(manual.ok && !manual.data.placed && manual.data.reasons.map((r) => r.code)).toContain(
      'DNC_GLOBAL',
    );
    const blocked = t.ringside.db
      .select()
      .from(auditLog)
      .all()
      .filter(
        (a) => a.action === 'dial.check' && a.decision === 'blocked' && a.reason?.includes('DNC_GLOBAL'),
      );
    const paths = blocked.map((a) => (a.details as { path?: string } | null)?.path);
    expect(paths).toEqual(expect.arrayContaining(['campaign', 'manual']));
    const stats = await t.api<{ error?: unknown }>('GET', '/api/health');
    expect(stats.status).toBe(200);
    socket.disconnect();
  });

  it('a supervisor sees the campaign live', async () => {
    const sup = await t.connect(await t.login('supervisor'));
    const list = await t.api<{ campaigns: { id: number; name: string }[] }>('GET', '/api/campaigns', admin);
    const campaign = list.body.campaigns.find((c) => c.name === 'DNC paths');
    const stats = await command(sup, 'campaign:watch', { campaignId: campaign?.id ?? 0 });
    if (!stats.ok) throw new Error('stats');
    expect(stats.data.blockedByReason['DNC_GLOBAL']).toBe(1);
    expect(stats.data.leadsLeft).toBe(0);
    sup.disconnect();
  });
});
