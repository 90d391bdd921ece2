/**
 * An agent's "My queues" panel in Chromium: the queues they serve, updated live as a caller waits and as a web
 * callback request joins the queue; then the callback is offered with its pop, accepted, and dialled through the
 * compliance gate as an outbound call linked to the request.
 */
import type { Browser } from 'playwright-core';
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, queueCallbacks } from '../../db/schema';
import { expectText, launchChromium, openConsole } from '../support/browser';
import { startTestRingside, type TestRingside } from '../support/test-ringside';
import { until } from '../support/until';

const SUPPORT = '+18005550101';
let t: TestRingside;
let browser: Browser;

beforeAll(async () => {
  t = await startTestRingside({}, { queueCallbacks: { acceptTimeoutMs: 60_000 } });
  browser = await launchChromium();
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe('my queues, end to end in Chromium', () => {
  it('shows the waiting caller and the callback request live, then offers the callback and dials it', async () => {
    // callbacks are customers the sim answers quickly
    t.sim.setOutboundProfile(0, {
      answerRate: 1,
      busyRate: 0,
      failRate: 0,
      machineShare: 0,
      pickUpMs: [100, 200],
      setupMs: [50, 100],
      talkMs: null,
    });
    const agent = await openConsole(browser, t.url, 'agent1'); // serves sales and support
    const panel = agent.getByTestId('my-queues');
    await panel.getByTestId('my-queue-support').waitFor({ timeout: 15_000 });
    await panel.getByTestId('my-queue-sales').waitFor({ timeout: 15_000 });
    expect(await panel.getByTestId('my-queue-complaints').count()).toBe(0);

    const admin = await t.login('admin');
    const placed = await t.api<{ callId: string }>('POST', '/api/sim/calls', admin, {
      from: '+12125550161',
      to: SUPPORT,
    });
    expect(placed.status).toBe(201);
    await expectText(agent, 'my-queue-support-waiting', '1', 15_000);
    t.sim.callerHangsUp(placed.body.callId);
    await expectText(agent, 'my-queue-support-waiting', '0', 15_000);

    const posted = await t.api<{ callbackId: number }>('POST', '/api/queue-callbacks', undefined, {
      number: '+12125550162',
      queue: 'sales',
    });
    expect(posted.status).toBe(201);
    await expectText(agent, 'my-queue-sales-callbacks', '1', 15_000);

    // ready: the callback waiting in sales is offered at once (the agent is reserved for it)
    await agent.getByTestId('btn-ready').click();
    const offer = agent.getByTestId('queue-callback-offer');
    await offer.waitFor({ timeout: 15_000 });
    await expectText(agent, 'queue-callback-number', /\+12125550162/);
    await agent.getByTestId('btn-queue-callback-accept').click();
    await agent.getByTestId('queue-callback-dialled').waitFor({ timeout: 15_000 });
    await expectText(agent, 'my-queue-sales-callbacks', '0', 15_000);

    const row = () =>
      t.ringside.db.select().from(queueCallbacks).where(eq(queueCallbacks.id, posted.body.callbackId)).get();
    await until(() => row()?.callbackInteractionId != null, 15_000, 'the callback dialled');
    expect(row()).toMatchObject({ source: 'web', attempts: 1 });
    const gate = t.ringside.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'dial.check'), eq(auditLog.decision, 'allowed')))
      .orderBy(desc(auditLog.id))
      .get();
    expect(gate?.details).toMatchObject({ path: 'callback' });
  }, 120_000);
});
