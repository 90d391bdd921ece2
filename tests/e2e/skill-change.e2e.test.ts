/**
 * A supervisor changes an agent's skill in the console (Chromium), and routing uses it at once: the agent's
 * console shows the new skills with who and why, and the next call of that business type goes to them — over a
 * colleague who has waited longer at a lower level — with the level in the pop's routing reason.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { users } from '../../db/schema';
import { expectText, goReady, launchChromium, openConsole } from '../support/browser';
import { command, startTestRingside, type TestRingside } from '../support/test-ringside';

const SALES = '+18005550100';
let t: TestRingside;
let browser: Browser;

beforeAll(async () => {
  t = await startTestRingside();
  browser = await launchChromium();
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

const idOf = (username: string) =>
  t.ringside.db.select({ id: users.id }).from(users).where(eq(users.username, username)).get()?.id ?? 0;

async function pickAgent(supervisor: Page, username: string): Promise<void> {
  await supervisor.getByTestId('floor-agent').click();
  await supervisor.getByRole('option', { name: new RegExp(`\\(${username}\\)`) }).click();
}

describe('a skill change by a supervisor, end to end in Chromium', () => {
  it('the agent sees the new skill with who and why, and the next sales call is routed to them for it', async () => {
    const agent3 = idOf('agent3');
    // agent4 sells at level 6 and has been ready longest: without the change the call would be theirs
    const colleague = await t.connect(await t.login('agent4'));
    expect((await command(colleague, 'agent:set-state', { status: 'ready' })).ok).toBe(true);

    const agent = await openConsole(browser, t.url, 'agent3');
    await goReady(agent);
    await agent.getByTestId('my-skill-complaints').waitFor({ timeout: 15_000 });
    expect(await agent.getByTestId('my-skill-sales').count()).toBe(0);

    const supervisor = await openConsole(browser, t.url, 'supervisor');
    await pickAgent(supervisor, 'agent3');
    await supervisor.getByTestId(`edit-skills-${agent3}`).click();
    const editor = supervisor.getByTestId('skills-editor');
    await editor.waitFor({ timeout: 15_000 });
    await expect.poll(() => editor.getByTestId('skill-level-complaints').inputValue()).toBe('8');
    await editor.getByTestId('skill-level-sales').fill('7');
    await editor.getByTestId('skills-reason').fill('Sales is short-staffed today');
    await editor.getByTestId('skills-save').click();
    await editor.getByTestId('skills-saved').waitFor({ timeout: 15_000 });

    // the agent is told at once, with who and why
    await agent.getByTestId('my-skill-sales').waitFor({ timeout: 15_000 });
    expect(await agent.getByTestId('my-skill-sales').getAttribute('data-level')).toBe('7');
    await expectText(agent, 'skills-changed-reason', 'Sales is short-staffed today');
    await expectText(agent, 'skills-changed-notice', /Sofia Martins/);

    // the next sales call goes to agent3 for the level the supervisor gave
    const placed = await t.api('POST', '/api/sim/calls', await t.login('admin'), {
      from: '+14155550177',
      to: SALES,
    });
    expect(placed.status).toBe(201);
    await agent.getByTestId('incoming-call').waitFor({ timeout: 15_000 });
    await expectText(agent, 'call-routing-rule', /^queue sales, .*agent level 7 of 10/, 15_000);
    colleague.disconnect();
  }, 120_000);
});
