/**
 * The console's softphone against real telephony: a real Kamailio (kamailio/pbx.sh) in front of a real bridge with
 * the KamailioPbx adapter, the built console in Debian's Chromium, and a caller that is sip.js in another Chromium
 * page (the library's own ES modules, served as they are). Audio is real WebRTC between the two pages (fake
 * capture devices); "flows" means RTCPeerConnection inbound-rtp packetsReceived > 0 on both sides.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { dncEntries, interactions, users } from '../../db/schema';
import { expectText, goReady, launchChromium, openConsole } from '../support/browser';
import { openCallerPage, serveCallerPage } from '../support/caller-page';
import { startKamailio, startTelephony, type RunningKamailio } from '../support/kamailio';
import { knownCustomer } from '../support/known-customer';
import { type TestRingside } from '../support/test-ringside';
import { installPeerConnectionSpy } from '../support/peer-connection-spy';

const COMPLAINTS = '+18005550102';
const DOMAIN = 'ringside.local';

let t: TestRingside;
let kam: RunningKamailio;
let browser: Browser;
let callerSite: { server: Server; url: string };
let gateway: UdpSocket;
const pages: Page[] = [];

beforeAll(async () => {
  gateway = createSocket('udp4');
  await new Promise<void>((done) => gateway.bind(0, '127.0.0.2', () => done()));
  ({ t, kam } = await startTelephony({
    pstnGateway: `sip:127.0.0.2:${gateway.address().port}`,
    rtpengine: true,
  }));
  callerSite = await serveCallerPage();
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  callerSite?.server.close();
  await kam?.stop();
  await t?.stop();
  gateway?.close();
});

afterEach(async (context) => {
  const failed = context.task.result?.state === 'fail';
  if (failed) console.error(kam.log().split('\n').slice(-40).join('\n'));
  for (const [index, page] of pages.splice(0).entries()) {
    if (failed)
      await page.screenshot({
        path: `test-results/softphone-${context.task.name.slice(0, 30)}-${index}.png`,
      });
    await page.context().close();
  }
});

/** An agent console whose RTCPeerConnections the test can read (getStats), registered on the softphone. */
async function agentConsole(username: string): Promise<Page> {
  const page = await openConsole(browser, t.url, username);
  pages.push(page);
  page.on('console', (m) => {
    if (m.type() === 'warning' || m.type() === 'error') console.error(`[${username}] ${m.text()}`);
  });
  await expectText(page, 'sip-registration', 'registered');
  return page;
}

async function callerPage(): Promise<Page> {
  const page = await openCallerPage(browser, callerSite.url);
  pages.push(page);
  return page;
}

/** A caller page calls the complaints line from the customer's number (national digits, as a US phone sends). */
async function customerCallsComplaints(e164: string): Promise<Page> {
  const caller = await callerPage();
  await caller.evaluate(([wsUri, aor, target]) => window.caller.call(wsUri, aor, target), [
    kam.wsUri,
    `sip:${e164.slice(2)}@customers.example`,
    `sip:${COMPLAINTS}@${DOMAIN}`,
  ] as const);
  return caller;
}

async function answerOnConsole(agent: Page): Promise<void> {
  await agent.getByTestId('btn-answer').click();
  await agent.getByTestId('active-call').waitFor({ timeout: 20_000 });
}

describe('softphone against Kamailio', () => {
  it('rings with the pop first, answers with audio both ways, holds and resumes, hangs up', async () => {
    const customer = knownCustomer(t.ringside.db);
    const agent = await agentConsole('agent2');
    await installPeerConnectionSpy(agent);
    await goReady(agent);
    const caller = await customerCallsComplaints(customer.e164);
    await agent.getByTestId('incoming-call').waitFor();
    await expectText(agent, 'pop-customer-name', customer.name);
    // Still ringing at the caller: the pop is on screen before anyone answered.
    expect(await caller.evaluate(() => window.caller.state())).not.toBe('Established');
    await expect.poll(() => agent.evaluate(() => window.pcSpy.ringing())).toBe(true);

    await answerOnConsole(agent);
    await expectText(agent, 'agent-status', 'on-call');
    await expect
      .poll(() => caller.evaluate(() => window.caller.state()), { timeout: 10_000 })
      .toBe('Established');

    await expect
      .poll(() => caller.evaluate(() => window.caller.packetsReceived()), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await expect
      .poll(() => agent.evaluate(() => window.pcSpy.packetsReceived()), { timeout: 10_000 })
      .toBeGreaterThan(0);
    expect(await agent.evaluate(() => window.pcSpy.ringing())).toBe(false);

    // DTMF goes as RFC 4733 events through the audio sender
    await agent.getByTestId('btn-dtmf').click();
    await agent.getByTestId('btn-dtmf-5').click();
    await agent.getByTestId('btn-dtmf-#').click();
    await expect.poll(() => agent.evaluate(() => window.pcSpy.tones())).toEqual(['5', '#']);

    await agent.getByTestId('btn-hold').click();
    await expect.poll(() => agent.getByTestId('btn-hold').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => agent.evaluate(() => window.pcSpy.direction())).toBe('sendonly');
    await expect.poll(() => caller.evaluate(() => window.caller.direction())).toBe('recvonly');

    await agent.getByTestId('btn-hold').click();
    await expect.poll(() => agent.getByTestId('btn-hold').getAttribute('aria-pressed')).toBe('false');
    await expect.poll(() => agent.evaluate(() => window.pcSpy.direction())).toBe('sendrecv');
    const before = await caller.evaluate(() => window.caller.packetsReceived());
    await expect
      .poll(() => caller.evaluate(() => window.caller.packetsReceived()), { timeout: 5000 })
      .toBeGreaterThan(before);

    // another microphone mid-call: the sender's track changes, the caller keeps hearing us
    await agent.getByTestId('device-settings').locator('summary').click();
    const mic = agent.getByTestId('select-mic').locator('option').nth(2);
    const [micId, micLabel] = [await mic.getAttribute('value'), await mic.textContent()];
    await agent.getByTestId('select-mic').selectOption(micId ?? '');
    await expect.poll(() => agent.evaluate(() => window.pcSpy.senderLabel())).toBe(micLabel);
    const afterSwitch = await caller.evaluate(() => window.caller.packetsReceived());
    await expect
      .poll(() => caller.evaluate(() => window.caller.packetsReceived()), { timeout: 5000 })
      .toBeGreaterThan(afterSwitch);

    await agent.getByTestId('btn-mute').click();
    await expect.poll(() => agent.getByTestId('btn-mute').getAttribute('aria-pressed')).toBe('true');
    await agent.getByTestId('btn-mute').click();

    await agent.getByTestId('btn-hangup').click();
    await agent.getByTestId('ended-call').waitFor({ timeout: 10_000 });
    await expect
      .poll(() => caller.evaluate(() => window.caller.state()), { timeout: 5000 })
      .toBe('Terminated');
    await expectText(agent, 'agent-status', 'wrap-up');
  });

  it('a dial to a do-not-call number is refused at the edge and the console shows the reason', async () => {
    t.ringside.db
      .insert(dncEntries)
      .values({ e164: '+12124567899', scope: 'global', source: 'test', reason: 'asked', addedAt: Date.now() })
      .run();
    const agent = await agentConsole('agent3');
    await agent.getByTestId('keypad-input').fill('+1 212 456 7899');
    await agent.getByTestId('btn-dial').click();
    await expectText(agent, 'dial-error', /^Call blocked: .*do-not-call/);
    await expect.poll(() => agent.getByTestId('sip-line').count()).toBe(0);

    // device settings: the fake capture device is listed and the level meter moves
    await agent.getByTestId('device-settings').locator('summary').click();
    await agent.getByTestId('btn-mic-test').click();
    await expect
      .poll(async () => Number(await agent.getByTestId('mic-level').getAttribute('data-level')), {
        timeout: 5000,
      })
      .toBeGreaterThan(0);
    await agent.getByTestId('btn-mic-test').click();
    await expect.poll(() => agent.getByTestId('select-mic').locator('option').count()).toBeGreaterThan(1);
  });

  it('blind transfer: the caller is sent on to another agent, who answers on the softphone', async () => {
    const customer = knownCustomer(t.ringside.db, 2);
    const first = await agentConsole('agent2');
    await goReady(first);
    const second = await agentConsole('agent3');
    const caller = await customerCallsComplaints(customer.e164);
    await answerOnConsole(first);
    await first.getByTestId('btn-transfer').click();
    await first.getByTestId('transfer-target').fill('agent3');
    await first.getByTestId('btn-transfer-blind').click();
    await first.getByTestId('ended-call').waitFor({ timeout: 10_000 });
    await expectText(first, 'agent-status', 'wrap-up');

    // the bridge follows the caller: the second agent (not even ready) is popped while the phone rings
    await second.getByTestId('incoming-call').waitFor({ timeout: 10_000 });
    await expectText(second, 'pop-customer-name', customer.name);
    await expectText(second, 'call-transferred-from', 'Bo Li (blind transfer)');
    await expectText(second, 'agent-status', 'ringing');
    await second.getByTestId('btn-answer').click();
    await second.getByTestId('active-call').waitFor({ timeout: 20_000 });
    await expect
      .poll(() => caller.evaluate(() => window.caller.transfers()), { timeout: 10_000 })
      .toContain('new call Established');
    await expectText(second, 'agent-status', 'on-call');
    await second.getByTestId('btn-hangup').click();
    await second.getByTestId('ended-call').waitFor({ timeout: 10_000 });
    await expect
      .poll(() => caller.evaluate(() => window.caller.state()), { timeout: 5000 })
      .toBe('Terminated');
    await expectText(second, 'agent-status', 'wrap-up');
    expectTwoLegs(customer.customerId, 'blind', ['agent2', 'agent3']);
  });

  it('attended transfer: consult a second agent with the caller held, then hand the caller over', async () => {
    const customer = knownCustomer(t.ringside.db, 1);
    const first = await agentConsole('agent2');
    await goReady(first);
    const second = await agentConsole('agent3');
    await installPeerConnectionSpy(second);
    const caller = await customerCallsComplaints(customer.e164);
    await answerOnConsole(first);
    await expect
      .poll(() => caller.evaluate(() => window.caller.state()), { timeout: 10_000 })
      .toBe('Established');

    await first.getByTestId('btn-transfer').click();
    await first.getByTestId('transfer-target').fill('agent3');
    await first.getByTestId('btn-transfer-consult').click();
    await second.getByTestId('line-answer').click({ timeout: 10_000 });
    // the consulted agent is on a call outside the queues: the console says so, no queue call comes
    await second.getByTestId('agent-phone-busy').waitFor();
    await first.getByTestId('btn-transfer-complete').waitFor();
    await expect.poll(() => first.getByTestId('btn-hold').getAttribute('aria-pressed')).toBe('true');
    await expect
      .poll(() => first.getByTestId('btn-transfer-complete').isEnabled(), { timeout: 10_000 })
      .toBe(true);
    await first.getByTestId('btn-transfer-complete').click();

    await first.getByTestId('ended-call').waitFor({ timeout: 10_000 });
    await expect
      .poll(() => caller.evaluate(() => window.caller.transfers()), { timeout: 10_000 })
      .toContain('new call Established');
    // the caller now talks to the second agent, whose console follows the bridge's new leg with its pop;
    // the consult line was replaced
    await second.getByTestId('active-call').waitFor({ timeout: 10_000 });
    await expectText(second, 'pop-customer-name', customer.name);
    await expectText(second, 'call-transferred-from', 'Bo Li (attended transfer)');
    await expectText(second, 'agent-status', 'on-call');
    await expect.poll(() => second.getByTestId('sip-line').count(), { timeout: 10_000 }).toBe(0);
    await second.getByTestId('agent-phone-busy').waitFor({ state: 'detached' });
    await expect
      .poll(() => second.evaluate(() => window.pcSpy.packetsReceived()), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await second.getByTestId('btn-hangup').click();
    await second.getByTestId('ended-call').waitFor({ timeout: 10_000 });
    await expect
      .poll(() => caller.evaluate(() => window.caller.state()), { timeout: 5000 })
      .toBe('Terminated');
    await expectText(first, 'agent-status', 'wrap-up');
    await expectText(second, 'agent-status', 'wrap-up');
    expectTwoLegs(customer.customerId, 'attended', ['agent2', 'agent3']);

    // the history shows the second leg with its times: the first agent looks the customer up. Their own leg
    // is the call they are wrapping up, not history yet (both legs are in the record: expectTwoLegs above)
    await first.getByTestId('customer-search-input').fill(customer.name);
    await first.getByTestId('customer-search-row').first().click();
    const rows = first.getByTestId('search-interactions').locator('li[data-interaction-id]');
    const transferred = rows.filter({ hasText: 'transferred from Bo Li (attended transfer)' });
    await expect.poll(() => transferred.count()).toBe(1);
    await expect.poll(() => transferred.locator('[data-testid$="-row-span"]').count()).toBe(1);
  }, 60_000);

  it('shows the banner while the PBX is gone and registers again by itself when it is back', async () => {
    const agent = await agentConsole('agent4');
    const ports = { sipPort: kam.sipPort, wsPort: kam.wsPort, evapiPort: kam.evapiPort };
    await kam.stop();
    await agent.getByTestId('sip-banner').waitFor({ timeout: 10_000 });
    await expectText(agent, 'sip-registration', 'connecting');
    kam = await startKamailio({
      ports,
      dataDir: t.dataDir,
      pstnGateway: `sip:127.0.0.2:${gateway.address().port}`,
    });
    await expectText(agent, 'sip-registration', 'registered', 40_000);
    await agent.getByTestId('sip-banner').waitFor({ state: 'detached' });
  }, 60_000);
});

/**
 * The customer's last two interactions are one caller's journey: the leg the first agent answered and
 * transferred, and the leg the second agent answered after it, linked and each with its own exact times.
 */
function expectTwoLegs(customerId: number, kind: 'blind' | 'attended', agents: [string, string]): void {
  const legs = t.ringside.db
    .select({ leg: interactions, agent: users.username })
    .from(interactions)
    .leftJoin(users, eq(users.id, interactions.agentId))
    .where(eq(interactions.customerId, customerId))
    .orderBy(asc(interactions.id))
    .all()
    .slice(-2);
  const [first, second] = legs;
  if (!first || !second) throw new Error(`expected two legs, found ${legs.length}`);
  expect([first.agent, second.agent]).toEqual(agents);
  expect(first.leg.transferredFromId).toBeNull();
  expect(second.leg).toMatchObject({
    transferredFromId: first.leg.id,
    transferKind: kind,
    outcome: 'answered',
  });
  for (const { leg } of legs) {
    expect(leg.answeredAt).toBeGreaterThan(0);
    expect(leg.endedAt).toBeGreaterThanOrEqual(leg.answeredAt ?? Infinity);
    expect(leg.talkMs).toBe((leg.endedAt ?? 0) - (leg.answeredAt ?? 0));
  }
  expect(second.leg.queuedAt).toBeGreaterThanOrEqual(first.leg.answeredAt ?? Infinity);
  expect(second.leg.answeredAt).toBeGreaterThanOrEqual(second.leg.queuedAt);
}
