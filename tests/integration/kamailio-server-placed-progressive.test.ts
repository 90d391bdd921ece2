/**
 * Progressive campaigns on Kamailio with the campaign setting `serverPlaced`: the whole bridge (hub, dialer,
 * compliance gate, database) with its Kamailio adapter's dialer on, real Kamailio + rtpengine, SIPp as carrier and
 * customer, and an agent whose sip.js phone (Node) answers what rings. A campaign with the setting has the bridge
 * place the call and connect the answered customer to the agent; one without it asks the agent's softphone to dial.
 */
import { join, resolve } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAttempts } from '../../db/schema';
import { dialerHa1, DIALER_USER } from '../../cti-bridge/src/pbx/kamailio/dialer-user-agent';
import { ensureDefaultAbandonMessage } from '../../cti-bridge/src/pbx/kamailio/abandon-message';
import { createSipSubscribersRepository } from '../../cti-bridge/src/repositories/sip-subscribers.repository';
import { createRunningCampaign } from '../support/campaigns';
import {
  kamailioPorts,
  logKamailioOnFailure,
  startKamailio,
  startKamailioBridge,
  type KamailioBridge,
  type RunningKamailio,
} from '../support/kamailio';
import type { TestPhone } from '../support/kamailio-phone';
import { freePort } from '../support/ports';
import { sipAgent } from '../support/sip-agent';
import { sippPorts, startSipp, type SippRun } from '../support/sipp';
import { command, next } from '../support/test-ringside';
import { until } from '../support/until';

const SCENARIO = resolve(import.meta.dirname, '../fixtures/sipp/uas-carrier.xml');
const SECRET = 'progressive-dialer-secret';

let t: KamailioBridge | undefined;
let kam: RunningKamailio | undefined;
let sipp: SippRun | undefined;
let admin = '';
const phones: TestPhone[] = [];

logKamailioOnFailure(() => kam);

beforeAll(async () => {
  const ports = await kamailioPorts();
  const ngPort = await freePort();
  const gateway = await sippPorts();
  const wsUri = `ws://127.0.0.1:${ports.wsPort}`;
  const dialer = {
    wsUri,
    domain: 'ringside.local',
    username: DIALER_USER,
    password: SECRET,
    rtpengineNg: { host: '127.0.0.1', port: ngPort },
    messageFile: () => message,
    // the law's 2 s is the default; a loaded 2-core CI box can take longer to get a browser to answer
    connectWindowMs: 6000,
  };
  let message = '';
  t = await startKamailioBridge(ports, { dialer });
  message = ensureDefaultAbandonMessage(join(t.dataDir, 'messages', 'abandon.wav'));
  const subscribers = createSipSubscribersRepository(join(t.dataDir, 'kamailio-auth.sqlite'));
  subscribers.setHa1(DIALER_USER, 'ringside.local', dialerHa1({ ...dialer }));
  subscribers.close();
  kam = await startKamailio({
    ports,
    dataDir: t.dataDir,
    pstnGateway: `sip:127.0.0.2:${gateway.signalling}`,
    rtpengine: true,
    rtpengineNgPort: ngPort,
    agents: 20,
  });
  await t.connected();
  sipp = startSipp(
    [
      ...['-sf', SCENARIO, '-i', '127.0.0.2', '-p', String(gateway.signalling)],
      ...['-mi', '127.0.0.2', '-mp', String(gateway.media), '-nostdin', '-aa'],
    ],
    { cwd: t.dataDir, errorFile: join(t.dataDir, 'sipp.errors'), patienceMs: 120_000 },
  );
  await until(() => Boolean(t?.pbx.dialerConnected()), 15_000, 'the dialer connected to Kamailio');
  admin = await t.login('admin');
}, 60_000);

afterAll(async () => {
  for (const phone of phones) await phone.stop();
  sipp?.kill();
  await t?.stop();
  await kam?.stop();
});

describe('progressive dialing on Kamailio', () => {
  it('with serverPlaced the bridge dials, connects the answered customer to the agent, and records the attempt', async () => {
    if (!t) throw new Error('no bridge');
    expect(t.pbx.capabilities()).toMatchObject({ originate: true, agentPhoneDials: true });
    const campaignId = await createRunningCampaign(t, admin, {
      name: 'Server-placed progressive',
      mode: 'progressive',
      serverPlaced: true,
      // the customer answers after 1 s and hangs up 3 s later (uas-carrier.xml, last digit 4)
      leads: ['+12025550214,Ann,Acme,UTC'],
    });
    const agent = await sipAgent(t, phones, 'agent3', false);
    expect((await command(agent.socket, 'campaign:join', { campaignId })).ok).toBe(true);
    let softphoneAsked = false;
    agent.socket.on('outbound:dial-requested', () => (softphoneAsked = true));
    const answered = next(agent.socket, 'call:answered', () => true, 20_000);
    const ended = next(agent.socket, 'call:ended', () => true, 20_000);
    await command(agent.socket, 'agent:set-state', { status: 'ready' });
    const { interactionId } = await answered;
    expect(agent.phone.invites.length).toBe(1);
    expect((await ended).endedBy).toBe('caller');
    expect(softphoneAsked).toBe(false);
    const attempt = t.ringside.db
      .select()
      .from(callAttempts)
      .where(eq(callAttempts.interactionId, interactionId))
      .get();
    expect(attempt).toMatchObject({ outcome: 'answered' });
    expect(attempt?.answeredAt).not.toBeNull();
    expect(attempt?.endedAt).not.toBeNull();
    await command(agent.socket, 'campaign:leave', {});
  }, 40_000);

  it("without it the agent's softphone is asked to dial", async () => {
    if (!t) throw new Error('no bridge');
    const campaignId = await createRunningCampaign(t, admin, {
      name: 'Softphone progressive',
      mode: 'progressive',
      leads: ['+12025550311,Bo,Beta,UTC'],
    });
    const agent = await sipAgent(t, phones, 'agent4', false);
    expect((await command(agent.socket, 'campaign:join', { campaignId })).ok).toBe(true);
    const asked = next(agent.socket, 'outbound:dial-requested', () => true, 15_000);
    await command(agent.socket, 'agent:set-state', { status: 'ready' });
    expect((await asked).number).toBe('+12025550311');
  });
});
