/**
 * Pieces every console e2e file shares: one bridge and one Chromium a file, each test's pages closed (screenshots
 * if it failed), the CSP watch.
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, type TestContext } from 'vitest';
import { launchChromium, signIn } from './browser';
import { startTestRingside, type TestRingside } from './test-ringside';

declare global {
  interface Window {
    cspViolations: string[];
  }
}

/**
 * For afterEach: a failing test leaves a screenshot of every console it opened (to see what the agent saw),
 * then every page's context is closed.
 */
export async function closePages(
  pages: Page[],
  context: TestContext,
  options: { prefix?: string; fullPage?: boolean } = {},
): Promise<void> {
  const failed = context.task.result?.state === 'fail';
  for (const [index, page] of pages.splice(0).entries()) {
    if (failed)
      await page.screenshot({
        path: `test-results/${options.prefix ?? ''}${context.task.name.slice(0, 40)}-${index}.png`,
        ...(options.fullPage ? { fullPage: true } : {}),
      });
    await page.context().close();
  }
}

/** This context's pages record every Content-Security-Policy violation (directive, what, where). */
export async function watchCsp(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) =>
      window.cspViolations.push(
        `${event.effectiveDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`,
      ),
    );
  });
}

/** Each test answers for the policy violations of its own screens (the Mantine ones above all). */
export const violations = (page: Page) => page.evaluate(() => window.cspViolations);

/** What `useConsoleFile` hands a test file: the bridge (sim PBX) and Chromium, both for the whole file. */
export interface ConsoleFile {
  t: TestRingside;
  browser: Browser;
  /** The pages the file's tests open: closed after each test (full-page screenshots when it failed). */
  pages: Page[];
}

/**
 * The opening the console e2e files share: the bridge and Chromium started before the file's tests and handed to
 * `ready`, stopped after them (also when the start failed half-way); each test's pages closed after it.
 */
export function useConsoleFile(ready: (file: ConsoleFile) => unknown): void {
  const pages: Page[] = [];
  let t: TestRingside | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    t = await startTestRingside();
    browser = await launchChromium();
    await ready({ t, browser, pages });
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });
  afterEach((context) => closePages(pages, context, { fullPage: true }));
}

/**
 * A console signed in as this user in a new context of these options (en-US unless told), its pages recording
 * every Content-Security-Policy violation; it waits for `landmark` (the admin panel unless told).
 */
export async function watchedConsole(
  { t, browser, pages }: ConsoleFile,
  username: string,
  options: BrowserContextOptions = { locale: 'en-US' },
  landmark = 'admin-panel',
): Promise<Page> {
  const context = await browser.newContext(options);
  await watchCsp(context);
  const page = await context.newPage();
  pages.push(page);
  await signIn(page, t.url, username, landmark);
  return page;
}
