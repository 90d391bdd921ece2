import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CampaignView } from '../../cti-bridge/protocol/campaign.schema';
import {
  abandonRecordingFile,
  abandonRecordingsDir,
} from '../../cti-bridge/src/services/outbound/abandon-recordings.service';
import { expectText, signIn } from '../support/browser';
import { useConsoleFile, violations, watchCsp } from '../support/console-test';
import { createRunningCampaign } from '../support/campaigns';
import type { TestRingside } from '../support/test-ringside';
import { wavFile } from '../support/wav';

let t: TestRingside;
let browser: Browser;
let pages: Page[];
useConsoleFile((file) => ({ t, browser, pages } = file));

/** A browser context whose pages record every Content-Security-Policy violation (directive, what, where). */
async function watchedContext() {
  const context = await browser.newContext({ locale: 'en-US', acceptDownloads: true });
  await watchCsp(context);
  return context;
}

/** Opens a Mantine Select's dropdown (a Combobox: Popover, Transition, ScrollArea) and picks an option. */
async function pick(page: Page, testId: string, option: string | RegExp): Promise<void> {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: option }).click();
}

/** Admins do not sit on the floor: their console has no state pill, the admin panel instead. */
async function adminConsole(): Promise<Page> {
  const page = await (await watchedContext()).newPage();
  pages.push(page);
  await signIn(page, t.url, 'admin', 'admin-panel');
  return page;
}

describe('outbound admin screens in Chromium', () => {
  it('creates a campaign (the form refuses a US window past 21:00), imports leads and downloads the bad rows', async () => {
    const page = await adminConsole();
    await page.getByTestId('btn-new-campaign').click();
    await page.getByTestId('cf-name').fill('Spring offer');
    // the modal locks the page's scroll with a style tag of its own; under the policy it needs the nonce
    await expect.poll(() => page.evaluate(() => getComputedStyle(document.body).overflow)).toBe('hidden');
    await pick(page, 'cf-mode', 'progressive');
    await pick(page, 'cf-rules', 'US (FTC/FCC)');
    expect(await violations(page)).toEqual([]);
    await page.getByTestId('cf-to').fill('22:00');
    await page.getByTestId('cf-script').fill('Hi {first_name}');
    await page.getByTestId('cf-save').click();
    await expect
      .poll(() => page.getByTestId('cf-error').getAttribute('data-code'))
      .toBe('CALLING_WINDOW_TOO_WIDE');
    await page.getByTestId('cf-to').fill('20:00');
    await page.getByTestId('cf-save').click();
    const row = page.getByTestId('campaign-row').filter({ hasText: 'Spring offer' });
    await row.waitFor();

    await expect.poll(() => page.evaluate(() => getComputedStyle(document.body).overflow)).not.toBe('hidden');
    await row.getByTestId('btn-campaign-import').click();
    const csv = [
      'phone,first_name,timezone',
      '+12025550301,Ann,America/New_York',
      'not-a-number,Bad,America/New_York',
      '+12025550302,"Zhang, Wei",America/New_York',
    ].join('\r\n');
    await page
      .getByTestId('lead-import')
      .locator('input[type=file]')
      .setInputFiles({
        name: 'leads.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(csv),
      });
    await page.getByTestId('btn-lead-import').click();
    await expectText(page, 'lead-import-result', /2 imported.*1 rejected/);
    const download = page.waitForEvent('download');
    await page.getByTestId('btn-bad-rows').click();
    const report = readFileSync(await (await download).path(), 'utf8');
    expect(report).toMatch(/line,code,reason/);
    expect(report).toMatch(/^.*3,PHONE_INVALID,/m);
    await page.keyboard.press('Escape');
    await row.getByTestId('btn-campaign-start').click();
    await expectText(page, 'campaign-state', 'running');
    // the new-campaign and lead-import modals, their dropdowns and the progress bar: not one violation
    expect(await violations(page)).toEqual([]);
  });

  it("uploads a WAV as a predictive campaign's abandon message in the campaign editor, refuses a non-WAV, removes it", async () => {
    const admin = await t.login('admin');
    const created = await t.api<{ id: number }>('POST', '/api/campaigns', admin, {
      name: 'Recorded apology',
      mode: 'predictive',
      callingWindow: { from: '09:00', to: '20:00' },
      rules: 'US',
      maxAttempts: 3,
      abandonMessage: 'Ringside calling, call us back on 0800 000 000',
    });
    const campaignId = created.body.id;
    const recordingOf = async () =>
      (await t.api<CampaignView>('GET', `/api/campaigns/${campaignId}`, admin)).body.abandonRecording;
    const page = await adminConsole();
    const row = page.getByTestId('campaign-row').filter({ hasText: 'Recorded apology' });
    await row.getByTestId('btn-campaign-edit').click();
    await expectText(page, 'abandon-recording-current', /No recording: the text above is spoken/);
    const file = page.getByTestId('abandon-recording').locator('input[type=file]');

    await file.setInputFiles({
      name: 'apology.mp3',
      mimeType: 'audio/mpeg',
      buffer: Buffer.from('ID3 not a wav'),
    });
    await page.getByTestId('btn-abandon-recording-upload').click();
    await expect
      .poll(() => page.getByTestId('abandon-recording-error').getAttribute('data-code'))
      .toBe('AUDIO_NOT_WAV');
    expect(await recordingOf()).toBeNull();

    await file.setInputFiles({
      name: 'apology.wav',
      mimeType: 'audio/wav',
      buffer: wavFile({ rate: 44_100, channels: 2, seconds: 2 }),
    });
    await page.getByTestId('btn-abandon-recording-upload').click();
    await page.getByTestId('abandon-recording-done').waitFor();
    await expectText(page, 'abandon-recording-current', /apology\.wav, 2\.0 s — uploaded by Ringside Admin/);
    expect(await recordingOf()).toMatchObject({ name: 'apology.wav', durationMs: 2000 });
    // what the dialer plays to this campaign's abandoned customers from now on
    expect(abandonRecordingFile(abandonRecordingsDir(t.dataDir), campaignId)).not.toBeNull();

    await page.getByTestId('btn-abandon-recording-remove').click();
    await expectText(page, 'abandon-recording-current', /No recording/);
    expect(await recordingOf()).toBeNull();
    expect(abandonRecordingFile(abandonRecordingsDir(t.dataDir), campaignId)).toBeNull();
    expect(await violations(page)).toEqual([]);
  });

  it('the abandon message section in Chinese: its help, a refused non-WAV and an upload, said in Chinese', async () => {
    const admin = await t.login('admin');
    await t.api('POST', '/api/campaigns', admin, {
      name: '录音致歉',
      mode: 'predictive',
      callingWindow: { from: '09:00', to: '20:00' },
      rules: 'US',
      maxAttempts: 3,
    });
    const context = await browser.newContext({ locale: 'zh-CN' });
    await watchCsp(context);
    const page = await context.newPage();
    pages.push(page);
    await signIn(page, t.url, 'admin', 'admin-panel');
    await page
      .getByTestId('campaign-row')
      .filter({ hasText: '录音致歉' })
      .getByTestId('btn-campaign-edit')
      .click();
    const section = page.getByTestId('abandon-recording');
    await expectText(page, 'abandon-recording-current', '没有录音：系统朗读上面的文字。');
    expect(await section.textContent()).toContain('录音提示语（WAV）');
    expect(await section.textContent()).toMatch(/上传 1–60 秒（最大 10 MB）的 WAV 录音/);
    const file = section.locator('input[type=file]');
    await file.setInputFiles({
      name: '致歉.mp3',
      mimeType: 'audio/mpeg',
      buffer: Buffer.from('ID3 not a wav'),
    });
    await page.getByTestId('btn-abandon-recording-upload').click();
    await expectText(page, 'abandon-recording-error', '这不是 WAV 文件。');
    await file.setInputFiles({
      name: '致歉.wav',
      mimeType: 'audio/wav',
      buffer: wavFile({ rate: 8000, channels: 1, seconds: 2 }),
    });
    await page.getByTestId('btn-abandon-recording-upload').click();
    await expectText(page, 'abandon-recording-done', '录音已上传：客户现在会听到它。');
    await expectText(page, 'abandon-recording-current', /^致歉\.wav，2\.0 秒 — .+ 于 .+ 上传$/);
    expect(await page.getByTestId('btn-abandon-recording-remove').textContent()).toBe('删除录音');
    expect(await violations(page)).toEqual([]);
  });

  it('adds a number to the DNC list and explains why it is blocked, then removes it with a reason', async () => {
    const page = await adminConsole();
    await page.getByTestId('tab-dnc').click();
    await page.getByTestId('dnc-number').fill('+1 202 555 0399');
    await page.getByTestId('dnc-reason').fill('Asked by phone');
    await page.getByTestId('btn-dnc-add').click();
    await expectText(page, 'dnc-note', /added/);
    await page.getByTestId('dnc-search-number').fill('(202) 555-0399');
    await page.getByTestId('btn-dnc-search').click();
    await expect.poll(() => page.getByTestId('dnc-search-result').getAttribute('data-listed')).toBe('true');
    await expectText(page, 'dnc-entry', /Asked by phone/);
    await page.getByTestId('btn-dnc-remove').click();
    await expectText(page, 'dnc-note', /removed/);
    // the Mantine screens run under the bridge's strict policy without a single violation
    expect(await violations(page)).toEqual([]);
  });

  it("an agent's campaign card and a supervisor's live figures (Mantine dropdowns) run without a violation", async () => {
    const admin = await t.login('admin');
    await createRunningCampaign(t, admin, {
      name: 'Policy check',
      mode: 'preview',
      leads: ['+12025550311,Ann,Acme,America/New_York'],
    });
    const watched = async (username: string) => {
      const page = await (await watchedContext()).newPage();
      pages.push(page);
      await signIn(page, t.url, username);
      return page;
    };
    const agent = await watched('agent1');
    await pick(agent, 'campaign-select', /Policy check/);
    await agent.getByTestId('btn-join-campaign').click();
    await agent.getByTestId('lead-card').waitFor();
    await pick(agent, 'skip-reason', 'Wrong person');
    const supervisor = await watched('supervisor');
    await pick(supervisor, 'stats-campaign-select', /Policy check/);
    await supervisor.getByTestId('stats-dialled').waitFor();
    expect(await violations(agent)).toEqual([]);
    expect(await violations(supervisor)).toEqual([]);
    // a short console is one surface to the bottom of the window (Mantine paints the body white by itself)
    const surface = await agent.evaluate(() => ({
      body: getComputedStyle(document.body).backgroundColor,
      page: getComputedStyle(document.documentElement).backgroundColor,
      fills: document.body.getBoundingClientRect().height >= window.innerHeight,
    }));
    expect(surface).toEqual({ body: surface.page, page: 'rgb(238, 241, 245)', fills: true });
  });
});
