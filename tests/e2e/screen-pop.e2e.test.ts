import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { interactions } from '../../db/schema';
import { expectText, goReady, launchChromium, openConsole } from '../support/browser';
import { closePages } from '../support/console-test';
import { knownCustomer } from '../support/known-customer';
import { startTestRingside, type TestRingside } from '../support/test-ringside';

const SUPPORT = '+18005550101';
let t: TestRingside;
let browser: Browser;
let admin: string;
const pages: Page[] = [];

beforeAll(async () => {
  t = await startTestRingside();
  admin = await t.login('admin');
  browser = await launchChromium();
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});
afterEach(async (context) => {
  await closePages(pages, context);
  for (const callId of t.sim.activeCallIds()) t.sim.callerHangsUp(callId);
});

async function agentConsole(username: string): Promise<Page> {
  const page = await openConsole(browser, t.url, username);
  pages.push(page);
  await goReady(page);
  return page;
}

async function placeCall(from: string, to = SUPPORT) {
  const { status, body } = await t.api<{ callId: string; interactionId: number }>(
    'POST',
    '/api/sim/calls',
    admin,
    {
      from,
      to,
    },
  );
  expect(status).toBe(201);
  return body;
}

async function answerHangUpAndWrap(page: Page, disposition: string, notes: string) {
  await page.getByTestId('btn-answer').click();
  await expectText(page, 'agent-status', 'on-call');
  await page.getByTestId('active-call').waitFor();
  await page.getByTestId('btn-hangup').click();
  await expectText(page, 'agent-status', 'wrap-up');
  await page.getByTestId('wrapup-disposition').selectOption(disposition);
  await page.getByTestId('wrapup-notes').fill(notes);
  await page.getByTestId('wrapup-submit').click();
  await expect.poll(() => page.getByTestId('agent-status').textContent()).not.toBe('wrap-up');
}

describe('agent console in Chromium', () => {
  it('pops a known caller while ringing and shows the wrapped-up call in the history', async () => {
    const customer = knownCustomer(t.ringside.db, 3);
    const page = await agentConsole('agent1');
    const { interactionId } = await placeCall(customer.otherFormat);

    await page.getByTestId('incoming-call').waitFor();
    await expectText(page, 'pop-customer-name', customer.name);
    await expectText(page, 'agent-status', 'ringing');
    await page.getByTestId('pop-phones').waitFor();

    const note = `Invoice question ${interactionId}`;
    await answerHangUpAndWrap(page, 'resolved', note);

    await page.getByTestId('customer-search-input').fill(customer.name);
    await page.getByTestId('customer-search-row').first().click();
    await expectText(page, 'search-interactions', new RegExp(note));
    // the full history goes on below the recent rows: the call shown there is not repeated
    await page.getByTestId('search-btn-full-history').click();
    await page.getByTestId('search-full-history').waitFor();
    expect(await page.getByTestId('search-full-history').textContent()).not.toMatch(new RegExp(note));
    const row = t.ringside.db.select().from(interactions).where(eq(interactions.id, interactionId)).get();
    expect(row).toMatchObject({ outcome: 'completed', notes: note, customerId: customer.customerId });
  });

  it('offers a new-customer form for an unknown number and links the saved customer to the call', async () => {
    const page = await agentConsole('agent4');
    const { interactionId } = await placeCall('+1 (646) 555-0187');
    await page.getByTestId('new-customer-form').waitFor();
    await expect.poll(() => page.getByTestId('new-customer-phone').inputValue()).toMatch(/646.*555.*0187/);
    await page.getByTestId('new-customer-name').fill('Li Na');
    await page.getByTestId('new-customer-company').fill('Blue Sky Trading');
    await page.getByTestId('new-customer-submit').click();
    await expectText(page, 'pop-customer-name', 'Li Na');
    await answerHangUpAndWrap(page, 'info-provided', 'New customer, asked about prices');
    const row = t.ringside.db.select().from(interactions).where(eq(interactions.id, interactionId)).get();
    const created = await t.api<{ customers: { id: number; name: string }[] }>(
      'GET',
      '/api/customers/search?q=Li%20Na',
      admin,
    );
    const liNa = created.body.customers.find((c) => c.name === 'Li Na');
    expect(liNa).toBeDefined();
    expect(row?.customerId).toBe(liNa?.id);
  });

  it('lets the agent pick among customers sharing the number and links the pick to the call', async () => {
    const shared = '+1 (917) 555-0164';
    const ids: number[] = [];
    for (const name of ['Zhang Wei', 'Zhang Min']) {
      const created = await t.api<{ id: number }>('POST', '/api/customers', admin, {
        name,
        phones: [{ number: shared }],
      });
      ids.push(created.body.id);
    }
    const page = await agentConsole('agent1');
    const { interactionId } = await placeCall('9175550164');
    await page.getByTestId('pop-ambiguous').waitFor();
    await expect.poll(() => page.getByTestId('pop-candidate').count()).toBe(2);
    await page.getByTestId('pop-candidate').filter({ hasText: 'Zhang Min' }).click();
    await expectText(page, 'pop-customer-name', 'Zhang Min');
    await expect
      .poll(
        () =>
          t.ringside.db.select().from(interactions).where(eq(interactions.id, interactionId)).get()
            ?.customerId,
      )
      .toBe(ids[1]);
  });

  it('switches the console between English and Chinese', async () => {
    const page = await openConsole(browser, t.url, 'agent3');
    pages.push(page);
    await expectText(page, 'btn-ready', 'Ready');
    await page.getByTestId('lang-switch').selectOption('zh-CN');
    await expectText(page, 'btn-ready', '就绪');
    await page.getByTestId('lang-switch').selectOption('en');
    await expectText(page, 'btn-ready', 'Ready');
  });

  it('keeps the third call waiting with two agents busy and offers it to the first one free', async () => {
    const first = await agentConsole('agent2');
    const second = await agentConsole('agent4');
    await placeCall('+12125550131');
    await placeCall('+12125550132');
    await first.getByTestId('incoming-call').waitFor();
    await second.getByTestId('incoming-call').waitFor();
    await placeCall('+12125550133');
    await expect.poll(() => t.ringside.callCenter.waitingCount()).toBe(1);

    await answerHangUpAndWrap(first, 'resolved', 'first call done');
    await expectText(first, 'agent-status', 'ringing');
    await first.getByTestId('incoming-call').waitFor();
    expect(t.ringside.callCenter.waitingCount()).toBe(0);
  });
});
