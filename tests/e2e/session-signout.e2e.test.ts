/**
 * The console says why it was signed out when the bridge ended its session: an account disabled by an admin,
 * a logout of the same session from another window, an expired session — in English and in Chinese. Chromium
 * against a real bridge on a clock the test moves.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectText, launchChromium, signIn } from '../support/browser';
import { closePages } from '../support/console-test';
import { startTestRingside, type TestRingside } from '../support/test-ringside';

let t: TestRingside;
let browser: Browser;
let clock = Date.now();
const pages: Page[] = [];

beforeAll(async () => {
  t = await startTestRingside({}, { now: () => clock, sessionSweepMs: 100 });
  browser = await launchChromium();
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});
afterEach((context) => closePages(pages, context));

/** A console signed in as this user, in this language; returns the page and its session token. */
async function signedIn(username: string, locale: 'en-US' | 'zh-CN') {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  pages.push(page);
  await signIn(page, t.url, username);
  const token = await page.evaluate(() => sessionStorage.getItem('ringside:token'));
  if (!token) throw new Error('the console kept no token');
  return { page, token };
}

describe('the console says why it was signed out', () => {
  it('en: an admin disabled the account', async () => {
    const { page, token } = await signedIn('agent1', 'en-US');
    const me = await t.api<{ id: number }>('GET', '/api/me', token);
    expect((await t.api('POST', `/api/users/${me.body.id}/disable`, await t.login('admin'))).status).toBe(
      200,
    );
    await expectText(
      page,
      'login-error',
      'You were signed out: your account has been disabled. Contact your supervisor.',
    );
  });

  it('zh-CN: the same session was logged out from another window', async () => {
    const { page, token } = await signedIn('agent2', 'zh-CN');
    expect((await t.api('POST', '/api/auth/logout', token)).status).toBe(200);
    await expectText(page, 'login-error', '您已被签出：此会话已在其他窗口中退出登录。');
  });

  it('en: the session expired while the console was open', async () => {
    const { page } = await signedIn('agent3', 'en-US');
    clock += 13 * 3_600_000;
    await expectText(page, 'login-error', 'Your session expired. Please sign in again.');
  });

  it('signing out of this console shows no notice', async () => {
    const { page } = await signedIn('agent4', 'en-US');
    await page.getByTestId('btn-logout').click();
    await page.getByTestId('login-submit').waitFor();
    await new Promise((done) => setTimeout(done, 500));
    expect(await page.getByTestId('login-error').count()).toBe(0);
  });
});
