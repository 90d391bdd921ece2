/**
 * The console on a newcomer's first day, seen in Chromium: readable buttons in every state, what happens when
 * wrap-up time runs out (both queue modes), "not ready after this call", what a ring timeout says, the caller and
 * the names as a person reads them, the state pill and the customer card keeping up.
 */
import { eq } from 'drizzle-orm';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { interactions } from '../../db/schema';
import { expectText, goReady, launchChromium, openConsole } from '../support/browser';
import { closePages } from '../support/console-test';
import { knownCustomer } from '../support/known-customer';
import { startTestRingside, type TestRingside } from '../support/test-ringside';

const SUPPORT = '+18005550101';
const BILLING = '+18005550103';
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
  await closePages(pages, context, { prefix: 'day-one-' });
  for (const callId of t.sim.activeCallIds()) t.sim.callerHangsUp(callId);
  for (const queue of ['support', 'billing'])
    t.ringside.reference.updateQueueTimers(queue, {
      ringTimeoutSec: 20,
      wrapUpSec: 60,
      wrapUpMode: 'auto-close',
    });
});

async function agentConsole(username: string, ready = true): Promise<Page> {
  const page = await openConsole(browser, t.url, username);
  pages.push(page);
  if (ready) await goReady(page);
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

async function answerAndHangUp(page: Page) {
  await page.getByTestId('btn-answer').click();
  await expectText(page, 'agent-status', 'on-call');
  await page.getByTestId('btn-hangup').click();
  await expectText(page, 'agent-status', 'wrap-up');
}

async function saveWrapUp(page: Page, disposition: string, notes: string) {
  await page.getByTestId('wrapup-disposition').selectOption(disposition);
  await page.getByTestId('wrapup-notes').fill(notes);
  await page.getByTestId('wrapup-submit').click();
}

const interaction = (id: number) =>
  t.ringside.db.select().from(interactions).where(eq(interactions.id, id)).get();

/** WCAG contrast ratio of the element's text against its own background, as Chromium computes them. */
async function contrastOf(target: Locator): Promise<number> {
  return target.evaluate((el) => {
    const style = getComputedStyle(el);
    const rgb = (value: string) => (value.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    const lum = ([r = 0, g = 0, b = 0]: number[]) => {
      const c = [r, g, b].map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * (c[0] ?? 0) + 0.7152 * (c[1] ?? 0) + 0.0722 * (c[2] ?? 0);
    };
    const [a, b] = [lum(rgb(style.color)), lum(rgb(style.backgroundColor))].sort((x, y) => y - x);
    return ((a ?? 0) + 0.05) / ((b ?? 0) + 0.05);
  });
}

describe('the console on day one', () => {
  it('keeps coloured buttons readable when hovered, focused and pressed', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const login = await context.newPage();
    pages.push(login);
    await login.goto(t.url);
    const signIn = login.getByTestId('login-submit');
    const restingSignIn = await signIn.evaluate((el) => getComputedStyle(el).backgroundColor);
    await signIn.hover();
    expect(await contrastOf(signIn)).toBeGreaterThanOrEqual(4.5);
    expect(await signIn.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe(restingSignIn);

    const page = await agentConsole('agent1', false);
    const ready = page.getByTestId('btn-ready');
    const resting = await ready.evaluate((el) => getComputedStyle(el).backgroundColor);
    await ready.hover();
    const hovered = await ready.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(hovered).not.toBe(resting);
    expect(await contrastOf(ready)).toBeGreaterThanOrEqual(4.5);
    await ready.focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    expect(await ready.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
    await goReady(page);

    await placeCall('+12125550141');
    for (const id of ['btn-answer', 'btn-reject']) {
      const button = page.getByTestId(id);
      await button.hover();
      expect(await contrastOf(button), id).toBeGreaterThanOrEqual(4.5);
    }
    await page.mouse.move(0, 0);
    const answer = page.getByTestId('btn-answer');
    await answer.hover();
    await page.mouse.down();
    expect(await contrastOf(answer)).toBeGreaterThanOrEqual(4.5);
    await page.mouse.up();
    await expectText(page, 'agent-status', 'on-call');
    for (const id of ['btn-hangup', 'btn-logout']) {
      const button = page.getByTestId(id);
      await button.hover({ force: true });
      expect(await contrastOf(button), id).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('auto-close: the unsaved wrap-up is closed as "no disposition", its form goes, the next call rings alone', async () => {
    t.ringside.reference.updateQueueTimers('support', { wrapUpSec: 2, wrapUpMode: 'auto-close' });
    const page = await agentConsole('agent1');
    const first = await placeCall('+12125550151');
    await answerAndHangUp(page);
    await page.getByTestId('wrapup-disposition').waitFor();

    await expect
      .poll(() => page.getByTestId('wrapup-done').getAttribute('data-kind'), { timeout: 10_000 })
      .toBe('auto-closed');
    await expectText(page, 'wrapup-done', new RegExp(`#${first.interactionId}.*without a disposition`));
    expect(await page.getByTestId('wrapup-disposition').count()).toBe(0);
    await expectText(page, 'agent-status', 'ready');
    expect(interaction(first.interactionId)).toMatchObject({
      wrapUpEnd: 'no-disposition',
      outcome: 'completed',
    });

    await placeCall('+12125550152');
    await page.getByTestId('incoming-call').waitFor();
    expect(await page.getByTestId('wrapup-disposition').count()).toBe(0);
    // the note about the previous call does not stay into this one
    expect(await page.getByTestId('wrapup-done').count()).toBe(0);
  });

  it('disposition required: the agent stays in wrap-up with an overrun timer and no call rings until saved', async () => {
    t.ringside.reference.updateQueueTimers('billing', { wrapUpSec: 1, wrapUpMode: 'disposition-required' });
    const page = await agentConsole('agent3');
    const first = await placeCall('+12125550161', BILLING);
    await answerAndHangUp(page);

    await expect
      .poll(() => page.getByTestId('pill-wrap-up').getAttribute('data-overrun'), { timeout: 10_000 })
      .toBe('true');
    await expectText(page, 'pill-wrap-up', /overrun \+00:0\d/);
    expect(await page.getByTestId('btn-ready').isDisabled()).toBe(true);
    await placeCall('+12125550162', BILLING);
    await expect.poll(() => t.ringside.callCenter.waitingCount()).toBe(1);
    await page.waitForTimeout(1500);
    await expectText(page, 'agent-status', 'wrap-up');
    expect(await page.getByTestId('incoming-call').count()).toBe(0);
    await expectText(page, 'pill-wrap-up', /overrun \+00:0[2-9]/);

    await saveWrapUp(page, 'resolved', 'paid twice, refund promised');
    await page.getByTestId('incoming-call').waitFor();
    expect(interaction(first.interactionId)).toMatchObject({
      wrapUpEnd: 'disposition',
      notes: 'paid twice, refund promised',
    });
    expect(await page.getByTestId('wrapup-disposition').count()).toBe(0);
  });

  it('"not ready after this call" on a call applies when the wrap-up is saved; a refusal does not linger', async () => {
    const page = await agentConsole('agent2');
    await placeCall('+12125550171');
    await page.getByTestId('incoming-call').waitFor();
    expect(await page.getByTestId('btn-not-ready').isDisabled()).toBe(true);
    await page.getByTestId('btn-answer').click();
    await expectText(page, 'agent-status', 'on-call');

    await page.getByTestId('not-ready-reason').selectOption('lunch');
    await expectText(page, 'btn-not-ready', 'Not ready after this call');
    await page.getByTestId('btn-not-ready').click();
    await expectText(page, 'pill-pending-not-ready', 'then not ready: Lunch');
    expect(await page.getByTestId('state-error').count()).toBe(0);
    await page.getByTestId('btn-hangup').click();
    await expectText(page, 'agent-status', 'wrap-up');
    await expectText(page, 'pill-pending-not-ready', 'then not ready: Lunch');
    await saveWrapUp(page, 'resolved', 'done');
    await expectText(page, 'agent-status', 'not-ready');
    await expectText(page, 'state-pill', /Not ready · Lunch/);
    expect(await page.getByTestId('pill-pending-not-ready').count()).toBe(0);
    await expect.poll(() => page.getByTestId('btn-not-ready').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('btn-ready').getAttribute('aria-pressed')).toBe('false');

    // "Wrap-up saved." is news for a moment, not during the next call
    await goReady(page);
    await expect.poll(() => page.getByTestId('btn-ready').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('btn-ready').isDisabled()).toBe(true);
    await placeCall('+12125550172');
    await page.getByTestId('incoming-call').waitFor();
    expect(await page.getByTestId('wrapup-done').count()).toBe(0);
  });

  it('says what a ring timeout did: not answered in time, now not ready; a reject: back to the queue', async () => {
    t.ringside.reference.updateQueueTimers('support', { ringTimeoutSec: 1 });
    const page = await agentConsole('agent2');
    await placeCall('+12125550181');
    await page.getByTestId('incoming-call').waitFor();
    await expect
      .poll(() => page.getByTestId('call-withdrawn').getAttribute('data-reason'), { timeout: 10_000 })
      .toBe('ring-timeout');
    await expectText(page, 'call-withdrawn', /not answered in time.*You are now not ready/);
    expect(await page.getByTestId('call-withdrawn').textContent()).not.toMatch(/another agent/);
    await expectText(page, 'agent-status', 'not-ready');

    t.ringside.reference.updateQueueTimers('support', { ringTimeoutSec: 20 });
    for (const callId of t.sim.activeCallIds()) t.sim.callerHangsUp(callId);
    await goReady(page);
    await placeCall('+12125550182');
    await page.getByTestId('btn-reject').click();
    await expectText(page, 'call-withdrawn', /declined the call.*back to the queue/);
  });

  it('shows the caller as a person reads it, names in the console language, long values inside their column', async () => {
    const page = await agentConsole('agent4');
    await placeCall('sip:+19109364634@trunk.example.net;user=phone');
    await expectText(page, 'call-caller', '+1 910 936 4634');
    await expectText(page, 'call-queue', 'Customer service');
    await expectText(page, 'call-line', 'Customer service (US)');
    await page.getByTestId('lang-switch').selectOption('zh-CN');
    await expectText(page, 'call-queue', '客户服务');
    await expectText(page, 'call-business-type', '客户服务');
    await expectText(page, 'call-line', '客户服务 (美国)');
    await page.getByTestId('lang-switch').selectOption('en');
    await page.getByTestId('btn-reject').click();
    for (const callId of t.sim.activeCallIds()) t.sim.callerHangsUp(callId);
    // a declined call leaves the agent ready for the next one
    await expectText(page, 'agent-status', 'ready');
    await placeCall('anonymous');
    await expectText(page, 'call-caller', 'Number withheld');
    await page.getByTestId('btn-reject').click();
    for (const callId of t.sim.activeCallIds()) t.sim.callerHangsUp(callId);
    // a declined call leaves the agent ready for the next one
    await expectText(page, 'agent-status', 'ready');
    const long = `sip:${'customer-relations-department-'.repeat(6)}@pbx.example.com`;
    await placeCall(long);
    await page.getByTestId('incoming-call').waitFor();
    const overflow = await page.getByTestId('incoming-call').evaluate((card) => ({
      scroll: card.scrollWidth,
      client: card.clientWidth,
      page: document.body.scrollWidth,
    }));
    expect(overflow.scroll).toBeLessThanOrEqual(overflow.client);
    expect(overflow.page).toBeLessThanOrEqual(await page.evaluate(() => window.innerWidth));
  });

  it('pill: hold with its own timer at a fixed width; history: names, no repeated rows; the card follows new calls', async () => {
    const customer = knownCustomer(t.ringside.db, 5);
    const page = await agentConsole('agent4');
    // the customer's card open in search before they call
    await page.getByTestId('customer-search-input').fill(customer.name);
    await page.getByTestId('customer-search-row').first().click();
    await page.getByTestId('search-card').waitFor();
    const rowsBefore = await page.getByTestId('search-interaction-row').count();
    await page.getByTestId('search-btn-full-history').click();
    await page.getByTestId('search-full-history').waitFor();
    const recentIds = await page
      .getByTestId('search-interaction-row')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-interaction-id')));
    const historyIds = await page
      .getByTestId('search-history-row')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-interaction-id')));
    expect(historyIds.filter((id) => recentIds.includes(id))).toEqual([]);
    const codes = await page.getByTestId('search-interaction-row-business-type').allTextContents();
    for (const text of codes) expect(text).not.toMatch(/^(sales|support|complaints|billing)$/);

    const pill = page.getByTestId('state-pill');
    const widthReady = (await pill.boundingBox())?.width;
    const { interactionId } = await placeCall(customer.otherFormat);
    await page.getByTestId('btn-answer').click();
    await expectText(page, 'agent-status', 'on-call');
    await page.getByTestId('btn-hold').click();
    await expectText(page, 'pill-hold', /on hold 00:0\d/);
    await page.waitForTimeout(1200);
    await expectText(page, 'pill-hold', /on hold 00:0[1-9]/);
    expect((await pill.boundingBox())?.width).toBe(widthReady);
    await page.getByTestId('btn-hold').click();
    await expect.poll(() => page.getByTestId('pill-hold').count()).toBe(0);
    await page.getByTestId('btn-hangup').click();
    await expectText(page, 'agent-status', 'wrap-up');
    expect((await pill.boundingBox())?.width).toBe(widthReady);

    const note = `card follows ${interactionId}`;
    await saveWrapUp(page, 'info-provided', note);
    await expectText(page, 'search-interactions', new RegExp(note), 10_000);
    expect(await page.getByTestId('search-interaction-row').count()).toBeGreaterThanOrEqual(
      Math.min(rowsBefore, 1),
    );
    await expectText(page, 'search-interaction-row-business-type', 'Customer service');
  });
});
