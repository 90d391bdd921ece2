/**
 * The audit log in the console (Chromium): an admin finds the compliance gate's block decision for a DNC number
 * and reads why, in English and Chinese; pages load further back; the CSV export holds no whole number;
 * supervisors read it without the user and sign-in entries.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectText, launchChromium, signIn } from '../support/browser';
import { closePages, violations, watchCsp } from '../support/console-test';
import { signInRoles, startTestRingside, type TestRingside } from '../support/test-ringside';

let t: TestRingside;
let browser: Browser;
const pages: Page[] = [];
const SKIPS = 70;

beforeAll(async () => {
  t = await startTestRingside();
  const { admin, supervisor } = await signInRoles(t);
  // older entries first (ids grow with time): enough for more than one page
  const insert = t.ringside.db.$client.prepare(
    "INSERT INTO audit_log (at, actor_user_id, action, subject, decision, reason) VALUES (?, NULL, 'lead.skip', ?, 'done', 'no-answer')",
  );
  const start = Date.now() - 600_000;
  for (let i = 0; i < SKIPS; i++) insert.run(start + i, `lead:${i + 1}`);
  await t.api('POST', '/api/dnc', admin, { number: '+12125550199', reason: 'asked on the phone' });
  const check = await t.api<{ allowed: boolean }>('POST', '/api/compliance/check', supervisor, {
    number: '(212) 555-0199',
  });
  expect(check.body.allowed).toBe(false);
  browser = await launchChromium();
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});
afterEach((context) => closePages(pages, context, { fullPage: true }));

async function auditTab(username: string, locale: 'en-US' | 'zh-CN'): Promise<Page> {
  const context = await browser.newContext({
    locale,
    viewport: { width: 1280, height: 720 },
    acceptDownloads: true,
  });
  await watchCsp(context);
  const page = await context.newPage();
  pages.push(page);
  await signIn(page, t.url, username, 'admin-panel');
  await page.getByTestId('tab-audit').click();
  await page.getByTestId('audit-row').first().waitFor();
  return page;
}

async function findBlockedDial(page: Page): Promise<void> {
  await page.getByTestId('audit-number').fill('+1 212 555 0199');
  await page.getByTestId('audit-category').selectOption('compliance');
  await page.getByTestId('audit-decision').selectOption('blocked');
  await page.getByTestId('audit-search').click();
  await expect.poll(() => page.getByTestId('audit-row').count()).toBe(1);
}

describe('the audit log tab', () => {
  it("an admin finds the gate's block decision for a DNC number and sees why, exports it, loads older pages", async () => {
    const page = await auditTab('admin', 'en-US');
    // newest first: the dry run, the DNC add, then the older skips
    const first = page.getByTestId('audit-row').first();
    expect(await first.getAttribute('data-action')).toBe('dial.dry-run');
    await findBlockedDial(page);
    await expectText(page, 'audit-number-note', /last 4 digits \(0199\)/);
    const row = page.getByTestId('audit-row');
    await expect
      .poll(() => row.textContent())
      .toMatch(/Dial check \(dry run\).*blocked.*On the company do-not-call list/);
    await row.click();
    const drawer = page.getByTestId('audit-drawer');
    await drawer.waitFor();
    await expectText(page, 'audit-drawer-decision', 'blocked');
    expect(await page.getByTestId('audit-drawer-reasons').textContent()).toContain(
      'On the company do-not-call list',
    );
    expect(await page.getByTestId('audit-input-number').textContent()).toContain('•••••••0199');
    expect(await page.getByTestId('audit-input-dnc').textContent()).toContain('global');
    expect(await page.getByTestId('audit-input-path').textContent()).toContain('dry run');
    expect(await drawer.textContent()).toContain('(supervisor)');
    expect(await page.content()).not.toContain('2125550199');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('audit-export').click(),
    ]);
    const csv = readFileSync((await download.path()) ?? '', 'utf8');
    expect(download.suggestedFilename()).toMatch(/^ringside-audit-.*\.csv$/);
    expect(csv).toContain('dial.dry-run');
    expect(csv).toContain('•••••••0199');
    expect(csv).not.toContain('2125550199');
    expect(csv.trim().split('\r\n')).toHaveLength(2);
    expect(await violations(page)).toEqual([]);

    // the whole log again, newest first: 50 rows, then "load more" to the beginning
    await page.getByTestId('audit-clear').click();
    await page.getByTestId('audit-search').click();
    const rows = page.getByTestId('audit-row');
    await expect.poll(() => rows.count()).toBe(50);
    await page.getByTestId('audit-load-more').click();
    const total = await t.api<{ entries: unknown[] }>('GET', '/api/audit?limit=100', await t.login('admin'));
    await expect.poll(() => rows.count()).toBe(total.body.entries.length);
    expect(total.body.entries.length).toBeGreaterThan(SKIPS);
    await expectText(page, 'audit-progress', 'The beginning of the log (for this filter) is reached.');
    await expect.poll(() => page.getByTestId('audit-load-more').count()).toBe(0);
  });

  it('reads in Chinese: action names, the decision and its reasons from the catalog', async () => {
    const page = await auditTab('admin', 'zh-CN');
    expect(await page.getByTestId('tab-audit').textContent()).toBe('审计日志');
    await findBlockedDial(page);
    const row = page.getByTestId('audit-row');
    await expect.poll(() => row.textContent()).toMatch(/拨号检查（试运行）.*拦截.*在公司的禁止拨打名单上/);
    await expectText(page, 'audit-number-note', /按后 4 位（0199）匹配/);
    await row.click();
    await expectText(page, 'audit-drawer-decision', '拦截');
    expect(await page.getByTestId('audit-drawer-reasons').textContent()).toContain('在公司的禁止拨打名单上');
    expect(await page.getByTestId('audit-input-number').textContent()).toMatch(/号码.*•••••••0199/);
    expect(await page.getByTestId('audit-input-path').textContent()).toContain('试运行');
  });

  it('supervisors read it without the user and sign-in category', async () => {
    const page = await auditTab('supervisor', 'en-US');
    const categories = await page.getByTestId('audit-category').locator('option').allTextContents();
    expect(categories).toContain('Compliance decisions');
    expect(categories).not.toContain('Users and sign-ins');
    await findBlockedDial(page);
  });
});
