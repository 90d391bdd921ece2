/** Debian's Chromium driven by playwright-core (never `npx playwright install`); flags from the telephony lab. */
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM = process.env['RINGSIDE_CHROMIUM'] ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

/** A fresh browser context (its own storage) logged in as this user, on the console. */
export async function openConsole(browser: Browser, url: string, username: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await signIn(page, url, username);
  return page;
}

/**
 * A fresh context in this language and window size (1280×720 unless told), signed in as this user, on the screen
 * it lands on.
 */
export async function openScreen(
  browser: Browser,
  url: string,
  username: string,
  options: { locale?: string; viewport?: { width: number; height: number }; landmark?: string } = {},
): Promise<Page> {
  const context = await browser.newContext({
    locale: options.locale ?? 'en-US',
    viewport: options.viewport ?? { width: 1280, height: 720 },
  });
  const page = await context.newPage();
  await signIn(page, url, username, options.landmark);
  return page;
}

/**
 * Signs this page in as this user and waits for the screen it lands on (admins land on the admin panel); the page's
 * load and that screen may each take `timeout` ms (Playwright's default when absent).
 */
export async function signIn(
  page: Page,
  url: string,
  username: string,
  landmark = 'agent-status',
  timeout?: number,
) {
  const within = timeout === undefined ? {} : { timeout };
  await page.goto(url, within);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('ringside');
  await page.getByTestId('login-submit').click();
  await page.getByTestId(landmark).waitFor(within);
}

export async function goReady(page: Page): Promise<void> {
  await page.getByTestId('btn-ready').click();
  await expectText(page, 'agent-status', 'ready');
}

/** Waits until the element's text equals (or contains, for a RegExp) the expected value. */
export async function expectText(page: Page, testId: string, expected: string | RegExp, timeout = 10_000) {
  const read = () => page.getByTestId(testId).first().textContent({ timeout });
  if (typeof expected === 'string')
    await expect.poll(async () => (await read())?.trim(), { timeout }).toBe(expected);
  else await expect.poll(read, { timeout }).toMatch(expected);
}
