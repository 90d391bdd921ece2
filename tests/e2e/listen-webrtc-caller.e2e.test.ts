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
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { RtpengineNg } from '../../cti-bridge/src/pbx/kamailio/rtpengine-ng';
import { spy, spyScript, toneMicrophone } from '../support/audio-spy';
import { expectText, goReady, launchChromium } from '../support/browser';
import { openCallerPage, serveCallerPage } from '../support/caller-page';
import {
  kamailioPorts,
  logTail,
  startKamailio,
  startKamailioBridge,
  type KamailioBridge,
  type RunningKamailio,
} from '../support/kamailio';
import { knownCustomer } from '../support/known-customer';
import { freePort } from '../support/ports';
import { stopInOrder } from '../support/until';

const COMPLAINTS = '+18005550102';
const DOMAIN = 'ringside.local';
const CALLER_HZ = 600;
const SUPERVISOR_HZ = 1800;
const AGENT_HZ = 400;
const WAIT = 20_000;

let t: KamailioBridge;
let kam: RunningKamailio | undefined;
let ng: RtpengineNg;
let browser: Browser;
let callerSite: { server: Server; url: string } | undefined;
let caller: Page;
let agent: Page;
let supervisor: Page;

beforeAll(async () => {
  const ports = await kamailioPorts();
  const ngPort = await freePort();
  t = await startKamailioBridge(ports, { rtpengineNg: { host: '127.0.0.1', port: ngPort } });
  try {
    kam = await startKamailio({
      ports,
      dataDir: t.dataDir,
      pstnGateway: 'sip:127.0.0.2:5999',
      rtpengine: true,
      rtpengineNgPort: ngPort,
    });
    await t.connected();
  } catch (error) {
    await kam?.stop();
    await t.stop();
    throw error;
  }
  ng = new RtpengineNg({ host: '127.0.0.1', port: ngPort });
  callerSite = await serveCallerPage();
  browser = await launchChromium();
  // the three pages load at once (a loaded 2-core machine takes tens of seconds for each console's first load)
  [agent, supervisor, caller] = await Promise.all([
    consoleOf('agent2', AGENT_HZ),
    consoleOf('supervisor', SUPERVISOR_HZ),
    openCallerPage(browser, callerSite.url, async (context) => {
      await context.addInitScript(spyScript);
      await context.addInitScript(toneMicrophone, CALLER_HZ);
    }),
  ]);
}, 150_000);

afterAll(async () => {
  ng?.close();
  await stopInOrder(
    () => browser?.close(),
    () => callerSite?.server.close(),
    () => kam?.stop(),
    () => t?.stop(),
  );
});

afterEach((context) => {
  if (context.task.result?.state === 'fail') console.error(logTail(kam, 40));
});

async function consoleOf(username: string, micHz?: number): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US' });
  await context.addInitScript(spyScript);
  if (micHz !== undefined) await context.addInitScript(toneMicrophone, micHz);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[${username} pageerror]`, error.message));
  await page.goto(t.url);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('ringside');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('agent-status').waitFor();
  return page;
}

/** Polls `check` (sync or async) until it holds; fails naming `what` after `timeoutMs` — never a fixed sleep. */
async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}

const audits = (action: string) =>
  t.ringside.db.select().from(auditLog).where(eq(auditLog.action, action)).all();

describe('listening in on a WebRTC caller: rtpengine between the two browsers', () => {
  it('a supervisor listens: packets from the caller and the agent reach their page', async () => {
    const customer = knownCustomer(t.ringside.db);
    await expectText(agent, 'sip-registration', 'registered', WAIT);
    await goReady(agent);

    await caller.evaluate(([wsUri, aor, target]) => window.caller.call(wsUri, aor, target), [
      kam?.wsUri ?? '',
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

    await supervisor.getByTestId('floor-agent').click();
    await supervisor
      .getByRole('option', { name: /\(agent2\)/ })
      .first()
      .click();
    await expectText(supervisor, 'floor-agent-status', 'On call', WAIT);
    await supervisor.getByTestId('force-reason').fill('web caller check');
    const asked = Date.now();
    await supervisor.getByTestId('monitor-mode').getByText('Listen', { exact: true }).click();
    await supervisor.getByTestId('monitoring').waitFor({ timeout: WAIT });

    const sup = spy(supervisor);
    await until(
      async () => {
        const lines = Object.values(await sup.inbound());
        return lines.length === 2 && lines.every((n) => n > 25);
      },
      WAIT,
      'packets from both parties at the supervisor',
    );
    const first = Object.values(await sup.firstPacketAt());
    console.info(
      `listen (WebRTC caller): first packet from each party ${first.map((at) => at - asked).join(' / ')} ms after the click`,
    );
    await expect.poll(() => agent.getByTestId('monitored-notice').getAttribute('data-mode')).toBe('listen');
    expect(audits('supervisor.monitor-started').at(-1)?.details).toMatchObject({
      reason: 'web caller check',
      mode: 'listen',
    });
  }, 90_000);

  it('whisper: the agent hears the supervisor, the caller does not', async () => {
    const agentSpy = spy(agent);
    const callerSpy = spy(caller);
    const quietAtAgent = await agentSpy.playing(SUPERVISOR_HZ);
    await until(
      async () => (await callerSpy.playing(CALLER_HZ)) > -Infinity,
      WAIT,
      'the caller page playing',
    );
    await supervisor.getByTestId('monitor-mode').getByText('Whisper', { exact: true }).click();
    await expect.poll(() => supervisor.getByTestId('monitoring').getAttribute('data-mode')).toBe('whisper');
    await until(
      async () => (await agentSpy.playing(SUPERVISOR_HZ)) > -60,
      WAIT,
      'the supervisor at the agent',
    );
    const atAgent = await agentSpy.playing(SUPERVISOR_HZ);
    // over a second of whispering, the caller never plays the supervisor's tone
    let loudestAtCaller = -Infinity;
    const end = Date.now() + 1000;
    while (Date.now() < end) {
      loudestAtCaller = Math.max(loudestAtCaller, await callerSpy.playing(SUPERVISOR_HZ));
      await new Promise((done) => setTimeout(done, 50));
    }
    console.info(
      `whisper (WebRTC caller): supervisor tone at the agent ${atAgent.toFixed(1)} dB (before ${quietAtAgent.toFixed(1)}), at the caller ${loudestAtCaller.toFixed(1)} dB`,
    );
    expect(atAgent).toBeGreaterThan(quietAtAgent + 20);
    expect(loudestAtCaller).toBeLessThan(atAgent - 30);
    // and the caller does hear the agent all along
    expect(await callerSpy.playing(AGENT_HZ)).toBeGreaterThan(-60);
    await expect.poll(() => agent.getByTestId('monitored-notice').getAttribute('data-mode')).toBe('whisper');
  }, 60_000);

  it("the caller hangs up: the supervisor's page is told, rtpengine's session deleted", async () => {
    const calls = (await ng.command({ command: 'list' }))['calls'];
    const callId = Array.isArray(calls) ? String(calls[0]) : '';
    expect(callId).not.toBe('');
    await caller.evaluate(() => window.caller.hangup());
    await expectText(supervisor, 'monitor-ended', 'The call ended.', WAIT);
    await until(
      () =>
        ng.command({ command: 'query', 'call-id': callId }).then(
          () => false,
          () => true,
        ),
      WAIT,
      "rtpengine's media session deleted",
    );
    await until(async () => (await spy(supervisor).open()) === 0, WAIT, 'supervisor connections closed');
    expect(audits('supervisor.monitor-ended').at(-1)?.details).toMatchObject({ reason: 'call-ended' });
  }, 60_000);
});
