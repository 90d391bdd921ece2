/**
 * The bridge restarts in the middle of a real call. An agent answered in the console (Debian's Chromium, the
 * sip.js softphone, audio through the real Kamailio) a customer calling from a browser page; then the bridge goes
 * away and a new one starts on the same port and data. The call itself never stops (SIP and media do not pass
 * through the bridge): audio keeps flowing while no bridge runs. The console reconnects by itself, shows the agent
 * on that call with its pop again, and the agent's hang-up is recorded with the whole talk time.
 */
import type { Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { interactions } from '../../db/schema';
import { expectText, goReady, launchChromium, openConsole } from '../support/browser';
import { openCallerPage, serveCallerPage } from '../support/caller-page';
import {
  kamailioPorts,
  logTail,
  startKamailio,
  type KamailioPorts,
  type RunningKamailio,
  startKamailioBridge,
} from '../support/kamailio';
import { knownCustomer } from '../support/known-customer';
import { installPeerConnectionSpy } from '../support/peer-connection-spy';
import { stableTcpPort } from '../support/ports';
import { type TestRingside } from '../support/test-ringside';
import { until } from '../support/until';

const COMPLAINTS = '+18005550102';
const DOMAIN = 'ringside.local';

let ports: KamailioPorts;
/** Below the ephemeral range: no outgoing connection takes it while the bridge is away. */
let httpPort: number;
let dataDir: string;
let kam: RunningKamailio;
let bridge: TestRingside | null = null;
let browser: Browser;
let callerSite: { server: Server; url: string };
const pages: Page[] = [];

/** A bridge on the shared data directory and on the one HTTP port the consoles know. */
async function startBridge(): Promise<TestRingside> {
  const t = await startKamailioBridge(ports, { dataDir, port: httpPort });
  if (kam) await t.connected();
  return t;
}

beforeAll(async () => {
  ports = await kamailioPorts();
  httpPort = await stableTcpPort();
  dataDir = mkdtempSync(join(tmpdir(), 'ringside-restart-e2e-'));
  bridge = await startBridge();
  kam = await startKamailio({ ports, dataDir, pstnGateway: 'sip:127.0.0.2:5191' });
  await until(() => /bridge connected/.test(kam.log()), 5000, 'the bridge connected');
  callerSite = await serveCallerPage();
  browser = await launchChromium();
}, 90_000);

afterEach(async (context) => {
  if (context.task.result?.state !== 'fail') return;
  console.error(logTail(kam));
  for (const [index, page] of pages.entries())
    await page.screenshot({ path: `test-results/bridge-restart-${index}.png` }).catch(() => undefined);
});

afterAll(async () => {
  // each stop runs even when one before it throws
  try {
    await browser?.close();
  } finally {
    callerSite?.server.close();
    try {
      await kam?.stop();
    } finally {
      await bridge?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
});

describe('a bridge restart during a call', () => {
  it('keeps the call and its audio, and the console comes back on it; the hang-up is recorded', async () => {
    const first = bridge as TestRingside;
    const customer = knownCustomer(first.ringside.db);
    const agent = await openConsole(browser, first.url, 'agent2');
    pages.push(agent);
    await expectText(agent, 'sip-registration', 'registered');
    await installPeerConnectionSpy(agent);
    await goReady(agent);

    const caller = await openCallerPage(browser, callerSite.url);
    pages.push(caller);
    await caller.evaluate(([wsUri, aor, target]) => window.caller.call(wsUri, aor, target), [
      kam.wsUri,
      `sip:${customer.e164.slice(2)}@customers.example`,
      `sip:${COMPLAINTS}@${DOMAIN}`,
    ] as const);
    await agent.getByTestId('btn-answer').click();
    await agent.getByTestId('active-call').waitFor({ timeout: 20_000 });
    await expectText(agent, 'agent-status', 'on-call');
    const stateBefore = await agent.getByTestId('agent-status').getAttribute('data-version');
    const since = Date.now() - 60_000;
    const row = () =>
      (bridge as TestRingside).ringside.db
        .select()
        .from(interactions)
        .where(eq(interactions.callerE164, customer.e164))
        .all()
        .find((leg) => leg.answeredAt !== null && leg.queuedAt >= since);
    await until(() => row() !== undefined, 5000, 'the answer recorded');
    const answeredAt = row()?.answeredAt ?? 0;

    // the bridge goes away: the console says so, the call goes on with its audio
    await first.stop();
    bridge = null;
    await agent.getByTestId('connection-banner').waitFor({ timeout: 10_000 });
    const heard = await agent.evaluate(() => window.pcSpy.packetsReceived());
    await expect
      .poll(() => agent.evaluate(() => window.pcSpy.packetsReceived()), { timeout: 10_000 })
      .toBeGreaterThan(heard);
    expect(await caller.evaluate(() => window.caller.state())).toBe('Established');

    // a new bridge on the same port and data: the console reconnects and is back on the call
    bridge = await startBridge();
    await agent.getByTestId('connection-banner').waitFor({ state: 'detached', timeout: 20_000 });
    await expect
      .poll(() => agent.getByTestId('agent-status').getAttribute('data-version'), { timeout: 10_000 })
      .not.toBe(stateBefore);
    await expectText(agent, 'agent-status', 'on-call');
    await agent.getByTestId('active-call').waitFor();
    await expectText(agent, 'pop-customer-name', customer.name);

    await agent.getByTestId('btn-hangup').click();
    await agent.getByTestId('ended-call').waitFor({ timeout: 10_000 });
    await expectText(agent, 'agent-status', 'wrap-up');
    await until(() => row()?.endedAt != null, 5000, 'the end recorded');
    const leg = row();
    expect(leg?.answeredAt).toBe(answeredAt);
    expect(leg?.talkMs).toBe((leg?.endedAt ?? 0) - answeredAt);
  }, 90_000);
});
