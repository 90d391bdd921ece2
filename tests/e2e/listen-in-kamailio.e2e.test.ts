/**
 * Listen, whisper and barge on a live call in Kamailio mode, with the audio checked where people hear it. A
 * plain-RTP trunk customer (SIPp, a 600 Hz tone) calls the complaints number; the real Kamailio edge puts rtpengine
 * in the media path; the agent answers in the built console in Chromium; a supervisor's console in Chromium
 * listens, whispers and barges through the floor-control panel:
 * - listen: the bridge's rtpengine subscription reaches the supervisor's page — getStats counts packets from both
 *   parties (one m= line each) there;
 * - whisper: the supervisor's voice (a 1800 Hz tone standing in for the microphone) is heard at the agent's page
 *   (AnalyserNode FFT of what the page plays) and not at the customer (the level of 1800 Hz in the RTP the
 *   customer receives, decoded);
 * - barge: the customer hears it too;
 * - stop, and the call's end: the supervisor's page is told, rtpengine's media session is deleted.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spy } from '../support/audio-spy';
import { expectText, goReady } from '../support/browser';
import { logTail } from '../support/kamailio';
import { knownCustomer } from '../support/known-customer';
import {
  CUSTOMER_HZ,
  customerEar,
  expectListeningEndedWithCall,
  listenIn,
  listeningConsole,
  mediaSessionId,
  monitor,
  startListenLab,
  SUPERVISOR_HZ,
  supervisorConnectionsClosed,
  WAIT,
  whisper,
  type CustomerEar,
  type ListenLab,
} from '../support/listen-lab';
import { pcmuTonePcap, toneLevelDb } from '../support/pcmu-audio';
import { startSipp, type SippRun } from '../support/sipp';
import { until } from '../support/until';

const COMPLAINTS = '+18005550102';
const SCENARIO = resolve(import.meta.dirname, '../fixtures/sipp/uac-plain-rtp-audio.xml');

let lab: ListenLab | undefined;
let agent: Page;
let supervisor: Page;
let sipp: SippRun | undefined;
let customer: CustomerEar | undefined;

beforeAll(async () => {
  lab = await startListenLab();
  const { browser, t } = lab;
  [agent, supervisor] = await Promise.all([
    listeningConsole(browser, t.url, 'agent2'),
    listeningConsole(browser, t.url, 'supervisor', SUPERVISOR_HZ),
  ]);
}, 150_000);

afterAll(async () => {
  sipp?.kill();
  customer?.close();
  await lab?.stop();
});

afterEach((context) => {
  if (context.task.result?.state !== 'fail') return;
  console.error(logTail(lab?.kam, 40));
  console.error(sipp?.errors());
});

describe('listen, whisper and barge through rtpengine, audio checked in Chromium', () => {
  it('a supervisor listens: packets from both parties reach their page', async () => {
    if (!lab) throw new Error('no lab');
    const { t, kam } = lab;
    await expectText(agent, 'sip-registration', 'registered', WAIT);
    await goReady(agent);

    customer = await customerEar();
    const ear = customer;
    writeFileSync(join(t.dataDir, 'caller-audio.pcap'), pcmuTonePcap(90, CUSTOMER_HZ));
    sipp = startSipp(
      [
        `127.0.0.1:${kam.sipPort}`,
        ...['-sf', SCENARIO, '-s', COMPLAINTS, '-key', 'caller', knownCustomer(t.ringside.db).e164.slice(2)],
        ...['-m', '1', '-i', '127.0.0.1', '-p', String(ear.sipp.signalling), '-mp', String(ear.sipp.media)],
        ...['-nostdin', '-timeout', '100s', '-timeout_error'],
      ],
      { cwd: t.dataDir, errorFile: join(t.dataDir, 'sipp.errors'), patienceMs: 110_000 },
    );
    await agent.getByTestId('incoming-call').waitFor({ timeout: WAIT });
    await agent.getByTestId('btn-answer').click();
    await expectText(agent, 'agent-status', 'on-call', WAIT);
    await until(() => ear.heard.length > 0, WAIT, 'the agent audio at the customer');

    await listenIn(
      t.ringside.db,
      { supervisor, agent },
      { agent: 'agent2', reason: 'quality check', label: 'listen' },
    );
  }, 90_000);

  it('whisper: the agent hears the supervisor, the customer does not', async () => {
    if (!customer) throw new Error('no customer');
    await whisper({ supervisor, agent }, 'whisper');
    const atCustomer = await customer.freshLevel(SUPERVISOR_HZ);
    console.info(`whisper: supervisor tone at the customer ${atCustomer.toFixed(1)} dBFS`);
    expect(atCustomer).toBeLessThan(-45);
  }, 60_000);

  it('barge: the customer hears the supervisor too; stopping ends it', async () => {
    const ear = customer;
    if (!ear) throw new Error('no customer');
    const whisperLevel = ear.hears(SUPERVISOR_HZ);
    const asked = await monitor(supervisor, 'Barge in');
    await until(() => ear.hears(SUPERVISOR_HZ) > -30, WAIT, 'the supervisor at the customer');
    const bargeLevel = ear.hears(SUPERVISOR_HZ);
    // the first packet at the customer carrying the tone (one packet: 20 ms, a 50 Hz bin)
    const firstToned = ear.heard.find((p) => p.at >= asked && toneLevelDb(p.samples, SUPERVISOR_HZ) > -40);
    console.info(
      `barge: supervisor tone at the customer ${bargeLevel.toFixed(1)} dBFS (whisper ${whisperLevel.toFixed(1)}), first heard ${(firstToned?.at ?? NaN) - asked} ms after the click`,
    );
    expect(bargeLevel).toBeGreaterThan(whisperLevel + 20);
    expect(await spy(agent).playing(SUPERVISOR_HZ)).toBeGreaterThan(-60);

    // stop: the voice leaves the call, the supervisor's connections close, the call goes on
    await supervisor.getByTestId('monitor-stop').click();
    await supervisor.getByTestId('monitor-ended').waitFor({ timeout: WAIT });
    await supervisorConnectionsClosed(supervisor);
    await until(() => ear.hears(SUPERVISOR_HZ) < -45, WAIT, 'the supervisor gone from the customer');
    await agent.getByTestId('monitored-notice').waitFor({ state: 'detached', timeout: WAIT });
    await expectText(agent, 'agent-status', 'on-call');
  }, 60_000);

  it("the call's end ends listening: the supervisor's page is told, rtpengine's session deleted", async () => {
    if (!lab) throw new Error('no lab');
    await monitor(supervisor, 'Listen');
    await until(async () => (await spy(supervisor).open()) === 1, WAIT, 'listening again');
    const callId = await mediaSessionId(lab.ng);

    await agent.getByTestId('btn-hangup').click();
    await expectListeningEndedWithCall(lab.t.ringside.db, supervisor, lab.ng, callId);
    expect(await sipp?.exited, sipp?.errors()).toBe(0);
  }, 60_000);
});
