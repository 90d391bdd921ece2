/**
 * Listening in on a call from a WebRTC caller (a browser page calling through Kamailio, as on a web site's "call
 * us" button): the edge puts rtpengine between the two browsers (kamailio.cfg RTPE_BRANCH), so the bridge can
 * subscribe to the call's media like on a plain-RTP trunk call. All three parties are Chromium pages: the caller
 * (sip.js, a 600 Hz tone for a microphone), the agent on the built console (400 Hz), and a supervisor (1800 Hz):
 * - listen: getStats counts packets from both parties (one m= line each) at the supervisor's page, the agent is
 *   told (policy `always`), the start is audited with the reason;
 * - whisper: the supervisor is heard at the agent's page (FFT of what it plays) and not at the caller's;
 * - the caller hangs up: the supervisor's page is told, rtpengine's media session is deleted.
 */
import type { Server } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spy, spyScript, toneMicrophone } from '../support/audio-spy';
import { expectText, goReady } from '../support/browser';
import { openCallerPage, serveCallerPage } from '../support/caller-page';
import { logTail } from '../support/kamailio';
import { knownCustomer } from '../support/known-customer';
import {
  AGENT_HZ,
  CUSTOMER_HZ,
  expectListeningEndedWithCall,
  listenIn,
  listeningConsole,
  mediaSessionId,
  startListenLab,
  SUPERVISOR_HZ,
  WAIT,
  whisper,
  type ListenLab,
} from '../support/listen-lab';
import { until } from '../support/until';

const COMPLAINTS = '+18005550102';
const DOMAIN = 'ringside.local';

let lab: ListenLab | undefined;
let callerSite: { server: Server; url: string } | undefined;
let caller: Page;
let agent: Page;
let supervisor: Page;

beforeAll(async () => {
  lab = await startListenLab();
  const { browser, t } = lab;
  callerSite = await serveCallerPage();
  const site = callerSite.url;
  // the three pages load at once (a loaded 2-core machine takes tens of seconds for each console's first load)
  [agent, supervisor, caller] = await Promise.all([
    listeningConsole(browser, t.url, 'agent2', AGENT_HZ),
    listeningConsole(browser, t.url, 'supervisor', SUPERVISOR_HZ),
    openCallerPage(browser, site, async (context) => {
      await context.addInitScript(spyScript);
      await context.addInitScript(toneMicrophone, CUSTOMER_HZ);
    }),
  ]);
}, 150_000);

afterAll(async () => {
  callerSite?.server.close();
  await lab?.stop();
});

afterEach((context) => {
  if (context.task.result?.state === 'fail') console.error(logTail(lab?.kam, 40));
});

describe('listening in on a WebRTC caller: rtpengine between the two browsers', () => {
  it('a supervisor listens: packets from the caller and the agent reach their page', async () => {
    if (!lab) throw new Error('no lab');
    const { t, kam, ng } = lab;
    const customer = knownCustomer(t.ringside.db);
    await expectText(agent, 'sip-registration', 'registered', WAIT);
    await goReady(agent);

    await caller.evaluate(([wsUri, aor, target]) => window.caller.call(wsUri, aor, target), [
      kam.wsUri,
      `sip:${customer.e164.slice(2)}@customers.example`,
      `sip:${COMPLAINTS}@${DOMAIN}`,
    ] as const);
    await agent.getByTestId('incoming-call').waitFor({ timeout: WAIT });
    await agent.getByTestId('btn-answer').click();
    await expectText(agent, 'agent-status', 'on-call', WAIT);
    await until(
      async () => (await caller.evaluate(() => window.caller.packetsReceived())) > 0,
      WAIT,
      'audio at the caller',
    );
    // what the caller hears goes through WebAudio too, so the spy can measure it
    await caller.evaluate(async () => {
      const remote = document.getElementById('remote') as HTMLAudioElement;
      const ctx = new AudioContext();
      await ctx.resume();
      ctx.createMediaStreamSource(remote.srcObject as MediaStream).connect(ctx.destination);
    });
    // rtpengine carries the call: one media session, both browsers' legs in it
    const listed = (await ng.command({ command: 'list' }))['calls'];
    expect(Array.isArray(listed) ? listed.length : 0).toBe(1);

    await listenIn(
      t.ringside.db,
      { supervisor, agent },
      { agent: 'agent2', reason: 'web caller check', label: 'listen (WebRTC caller)' },
    );
  }, 90_000);

  it('whisper: the agent hears the supervisor, the caller does not', async () => {
    const callerSpy = spy(caller);
    await until(
      async () => (await callerSpy.playing(CUSTOMER_HZ)) > -Infinity,
      WAIT,
      'the caller page playing',
    );
    const { atAgent } = await whisper({ supervisor, agent }, 'whisper (WebRTC caller)');
    // over a second of whispering, the caller never plays the supervisor's tone
    let loudestAtCaller = -Infinity;
    const end = Date.now() + 1000;
    while (Date.now() < end) {
      loudestAtCaller = Math.max(loudestAtCaller, await callerSpy.playing(SUPERVISOR_HZ));
      await new Promise((done) => setTimeout(done, 50));
    }
    console.info(`whisper (WebRTC caller): supervisor tone at the caller ${loudestAtCaller.toFixed(1)} dB`);
    expect(loudestAtCaller).toBeLessThan(atAgent - 30);
    // and the caller does hear the agent all along
    expect(await callerSpy.playing(AGENT_HZ)).toBeGreaterThan(-60);
  }, 60_000);

  it("the caller hangs up: the supervisor's page is told, rtpengine's session deleted", async () => {
    if (!lab) throw new Error('no lab');
    const callId = await mediaSessionId(lab.ng);
    await caller.evaluate(() => window.caller.hangup());
    await expectListeningEndedWithCall(lab.t.ringside.db, supervisor, lab.ng, callId);
  }, 60_000);
});
