import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectText, goReady, launchChromium } from '../support/browser';
import { startTestRingside, type TestRingside } from '../support/test-ringside';

/** The built console (renderer/dist) in Chromium under the bridge's Content-Security-Policy. */
let t: TestRingside;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  t = await startTestRingside();
  browser = await launchChromium();
}, 90_000);
afterAll(async () => {
  await page?.context().close();
  await browser?.close();
  await t?.stop();
});

declare global {
  interface Window {
    cspViolations: string[];
  }
}

const violations = () => page.evaluate(() => window.cspViolations);

describe('the console under its Content-Security-Policy', () => {
  it('logs in, rings with its pop and ringtone, answers and hangs up without a single violation', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    await context.addInitScript(() => {
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (event) =>
        window.cspViolations.push(`${event.effectiveDirective} ${event.blockedURI}`),
      );
    });
    page = await context.newPage();
    await page.goto(t.url);
    await page.getByTestId('login-username').fill('agent1');
    await page.getByTestId('login-password').fill('ringside');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('agent-status').waitFor();
    await goReady(page);

    const admin = await t.login('admin');
    const call = await t.api('POST', '/api/sim/calls', admin, { from: '+12025550143', to: '+18005550101' });
    expect(call.status).toBe(201);
    await page.getByTestId('incoming-call').waitFor();
    await page.getByTestId('btn-answer').click();
    await expectText(page, 'agent-status', 'on-call');
    await page.getByTestId('btn-hangup').click();
    await expectText(page, 'agent-status', 'wrap-up');

    expect(await violations()).toEqual([]);
  });

  it('admits a style tag with the page nonce (how Mantine writes its CSS variables) and blocks one without', async () => {
    const applied = await page.evaluate(() => {
      const nonce = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce ?? '';
      const withNonce = document.createElement('style');
      withNonce.nonce = nonce;
      withNonce.textContent = ':root { --probe-with-nonce: yes; }';
      const without = document.createElement('style');
      without.textContent = ':root { --probe-without: yes; }';
      document.head.append(withNonce, without);
      const root = getComputedStyle(document.documentElement);
      return {
        nonce: nonce.length,
        withNonce: root.getPropertyValue('--probe-with-nonce').trim(),
        without: root.getPropertyValue('--probe-without').trim(),
      };
    });
    expect(applied.nonce).toBeGreaterThan(20);
    expect(applied).toMatchObject({ withNonce: 'yes', without: '' });
    await expect.poll(violations).toEqual(['style-src-elem inline']);
  });

  it('refuses inline script and framing', async () => {
    const ran = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true;';
      document.head.append(script);
      return (window as unknown as { inlineRan?: boolean }).inlineRan === true;
    });
    expect(ran).toBe(false);
    const response = await page.request.get(t.url);
    expect(response.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  });
});
