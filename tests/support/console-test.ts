/** Pieces every console e2e file shares: each test's pages closed (screenshots if it failed), the CSP watch. */
import type { BrowserContext, Page } from 'playwright-core';
import type { TestContext } from 'vitest';

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
