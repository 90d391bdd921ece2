import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { interactions, queues } from '../../db/schema';
import type { QueueConfig } from '../../cti-bridge/protocol/queue-admin.schema';
import type { QueueUpdate } from '../../cti-bridge/protocol/queue.schema';
import { expectText } from '../support/browser';
import { useConsoleFile, violations, watchedConsole, type ConsoleFile } from '../support/console-test';
import type { TestRingside } from '../support/test-ringside';

let t: TestRingside;
let file: ConsoleFile;
useConsoleFile((started) => {
  file = started;
  t = started.t;
});

/** Opens a Mantine Select's dropdown and picks an option. */
async function pick(page: Page, input: ReturnType<Page['getByTestId']>, option: string | RegExp) {
  await input.click();
  await page.getByRole('option', { name: option }).filter({ visible: true }).first().click();
}

const SALES_LINE = '+18005550100';

describe('queues and routing rules admin in Chromium', () => {
  it('an admin edits a queue: a bad field is shown on it, a good change is saved and in force', async () => {
    const page = await watchedConsole(file, 'admin');

    // the queue: a field problem shows on its field, then a good change saves and the list shows it
    await page.getByTestId('tab-queues').click();
    const complaints = page.locator('[data-testid="queue-row"][data-queue-code="complaints"]');
    await complaints.getByTestId('btn-edit-queue').click();
    await page.getByTestId('queue-form').waitFor();
    await expect.poll(() => page.evaluate(() => getComputedStyle(document.body).overflow)).toBe('hidden');
    await page.getByTestId('qf-always-open').uncheck();
    await page.getByTestId('qf-hours-1').fill('9-5pm');
    await page.getByTestId('qf-priority').fill('7');
    await page.getByTestId('qf-reason').fill('busy season');
    await page.getByTestId('qf-save').click();
    await expect.poll(() => page.getByText('Write spans as HH:MM-HH:MM').count()).toBe(1);
    await page.getByTestId('qf-always-open').check();
    await page.getByTestId('qf-wrap-up').fill('90');
    await page.getByTestId('qf-tiers').fill('B, A, C');
    await page.getByTestId('qf-holidays').fill('2030-01-01 New Year');
    await page.getByTestId('qf-disposition-required').check();
    await page.getByTestId('qf-after-hours-reason').fill('closed for the season');
    await page.getByTestId('qf-save').click();
    await expectText(page, 'queues-notice', 'Queue complaints saved.');
    await expect
      .poll(async () => (await complaints.getByTestId('queue-priority').textContent())?.trim())
      .toBe('7');
    const saved = await t.api<{ queues: QueueConfig[] }>('GET', '/api/queues', await t.login('supervisor'));
    expect(saved.body.queues.find((q) => q.code === 'complaints')).toMatchObject({
      priority: 7,
      wrapUpSec: 90,
      wrapUpMode: 'disposition-required',
      tierOrder: ['B', 'A', 'C'],
      holidays: [{ date: '2030-01-01', name: 'New Year' }],
      openingHours: null,
      afterHoursReason: 'closed for the season',
    });

    expect(await violations(page)).toEqual([]);
  }, 60_000);

  it('an admin publishes a rule (problems shown on its row, tried first); a call it routes waits in its queue', async () => {
    const page = await watchedConsole(file, 'admin');
    await page.getByTestId('tab-routing').click();
    await page.getByTestId('rules-editor').waitFor();
    await page.getByTestId('btn-add-rule').click();
    const rule = page.getByTestId('rule-row').first();
    await rule.getByTestId('rule-id').fill('vip-555');
    await rule.getByTestId('rule-name').fill('Account 555 to complaints');
    await rule.getByTestId('rule-conditions').fill('account');
    await page.getByTestId('btn-validate-rules').click();
    await expect.poll(() => rule.getByText('Write key=value pairs').count()).toBe(1);
    await rule.getByTestId('rule-conditions').fill('account=555');
    await pick(page, rule.getByTestId('rule-business-type'), 'Complaints');
    await page.getByTestId('btn-validate-rules').click();
    await expectText(page, 'rules-notice', 'The draft is valid.');

    await page.getByTestId('try-headers').fill('X-Ringside-Account: 555\nX-Unknown: 1');
    await page.getByTestId('btn-try').click();
    await expectText(page, 'try-result', /Rule “Account 555 to complaints” → complaints, queue complaints/);
    await expectText(page, 'try-result', /X-Unknown \(not-configured\)/);

    await page.getByTestId('rules-note').fill('vip accounts');
    await page.getByTestId('btn-publish-rules').click();
    await expectText(page, 'rules-notice', 'Version 1 published: the next call uses it.');
    await expect.poll(() => page.getByTestId('rules-in-force').getAttribute('data-version')).toBe('1');
    await page.locator('[data-testid="rule-version-row"][data-version="1"]').waitFor();

    // a call to the sales line with account 555 goes where the published rule says
    const placed = await t.api<{ interactionId: number }>('POST', '/api/sim/calls', await t.login('admin'), {
      from: '+14155550199',
      to: SALES_LINE,
      attached: { 'X-Ringside-Account': '555' },
    });
    expect(placed.status).toBe(201);
    const row = t.ringside.db
      .select({ ruleId: interactions.ruleId, queueId: interactions.queueId })
      .from(interactions)
      .where(eq(interactions.id, placed.body.interactionId))
      .get();
    const complaintsId = t.ringside.db
      .select({ id: queues.id })
      .from(queues)
      .where(eq(queues.code, 'complaints'))
      .get()?.id;
    expect(row).toEqual({ ruleId: 'vip-555', queueId: complaintsId });
    const live = await t.api<QueueUpdate>('GET', '/api/queues/live', await t.login('supervisor'));
    expect(live.body.queues.find((q) => q.code === 'complaints')).toMatchObject({ waiting: 1 });

    // the modal, the dropdowns and both screens ran under the bridge's policy without one violation
    expect(await violations(page)).toEqual([]);
  }, 60_000);

  it('an admin deletes a queue nothing refers to; one still referenced is refused with what refers to it', async () => {
    const admin = await t.login('admin');
    const spare = await t.api<QueueConfig>('POST', '/api/queues', admin, {
      queue: {
        code: 'spare',
        name: 'Spare desk',
        nameZh: '备用服务台',
        businessType: 'sales',
        slaTargetPercent: 80,
        slaTargetSec: 20,
        priority: 0,
        ringTimeoutSec: 20,
        maxWaitSec: 600,
        maxWaitAction: 'overflow',
        maxWaitQueue: 'sales',
        overflowQueue: null,
        overflowAfterSec: null,
        timeZone: 'UTC',
        openingHours: null,
        holidays: [],
        afterHoursAction: 'refuse',
        afterHoursReason: 'closed',
        tierOrder: ['A', 'B', 'C'],
        wrapUpSec: 30,
        wrapUpMode: 'auto-close',
        callbacksEnabled: false,
      },
      reason: 'a desk to try',
    });
    expect(spare.status, JSON.stringify(spare.body)).toBe(201);
    const page = await watchedConsole(file, 'admin');
    await page.getByTestId('tab-queues').click();

    // sales: its service number and the rules name it — refused, the references shown
    await page
      .locator('[data-testid="queue-row"][data-queue-code="sales"]')
      .getByTestId('btn-delete-queue')
      .click();
    await page.getByTestId('qd-reason').fill('tidying up');
    await page.getByTestId('qd-confirm').click();
    await expectText(page, 'qd-in-use', /service numbers \+18005550100/);
    await page.keyboard.press('Escape');

    // spare: nothing refers to it — deleted, gone from the list
    await page
      .locator('[data-testid="queue-row"][data-queue-code="spare"]')
      .getByTestId('btn-delete-queue')
      .click();
    await page.getByTestId('qd-reason').fill('not needed after all');
    await page.getByTestId('qd-confirm').click();
    await expectText(page, 'queues-notice', 'Queue spare deleted.');
    await expect
      .poll(() => page.locator('[data-testid="queue-row"][data-queue-code="spare"]').count())
      .toBe(0);
    expect(await violations(page)).toEqual([]);
  }, 60_000);
});
