/**
 * The admins' business types and attached-header screens in Chromium, in English and Chinese: each change goes
 * through the console, is refused with what is wrong (on its field, or what still uses the record), and the bridge
 * holds the result.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { BusinessType } from '../../cti-bridge/protocol/business-types.schema';
import { interactions } from '../../db/schema';
import { expectText } from '../support/browser';
import { useConsoleFile, violations, watchedConsole, type ConsoleFile } from '../support/console-test';
import type { TestRingside } from '../support/test-ringside';

let t: TestRingside;
let file: ConsoleFile;
useConsoleFile((started) => {
  file = started;
  t = started.t;
});

const adminPage = (username: string, locale: 'en-US' | 'zh-CN') =>
  watchedConsole(file, username, { locale, viewport: { width: 1280, height: 720 } });
const typesNow = async () =>
  (await t.api<{ businessTypes: BusinessType[] }>('GET', '/api/business-types', await t.login('supervisor')))
    .body.businessTypes;
const row = (page: Page, code: string) => page.locator(`[data-testid="type-row"][data-type-code="${code}"]`);

describe('business types in the console', () => {
  it('an admin adds, renames, retires and deletes a type; one in use is refused with what uses it (en)', async () => {
    const page = await adminPage('admin', 'en-US');
    await page.getByTestId('tab-business-types').click();
    await expect
      .poll(() => row(page, 'sales').getByTestId('type-usage').textContent())
      .toMatch(/^1 queue, 2 numbers, .*agents/);

    await page.getByTestId('btn-new-type').click();
    await page.getByTestId('btf-code').fill('Extended Warranty');
    await page.getByTestId('btf-name').fill('Warranty');
    await page.getByTestId('btf-save').click();
    await expect
      .poll(() => page.getByText('Lower-case letters, digits, "_" or "-", at most 40').count())
      .toBe(1);
    await expect.poll(() => page.getByText('Required, at most 60 characters').count()).toBe(1);
    await expect.poll(() => page.getByText('Say why (at least 3 characters)').count()).toBe(1);
    await page.getByTestId('btf-code').fill('warranty');
    await page.getByTestId('btf-name-zh').fill('保修');
    await page.getByTestId('btf-reason').fill('new product line');
    await page.getByTestId('btf-save').click();
    await expectText(page, 'types-notice', 'Business type warranty saved.');
    await expect.poll(() => row(page, 'warranty').getByTestId('type-usage').textContent()).toBe('nothing');

    await row(page, 'warranty').getByTestId('btn-rename-type').click();
    await expect(await page.getByTestId('btf-code').isDisabled()).toBe(true);
    await page.getByTestId('btf-name').fill('Warranty claims');
    await page.getByTestId('btf-reason').fill('clearer name');
    await page.getByTestId('btf-save').click();
    await expect
      .poll(() => row(page, 'warranty').getByTestId('type-name').textContent())
      .toBe('Warranty claims');

    await row(page, 'sales').getByTestId('btn-delete-type').click();
    await page.getByTestId('bta-reason').fill('tidying up');
    await page.getByTestId('bta-confirm').click();
    await expectText(page, 'bta-in-use', /^Still used by: queues sales; service numbers \+18005550100/);
    await page.keyboard.press('Escape');

    await row(page, 'warranty').getByTestId('btn-retire-type').click();
    await page.getByTestId('bta-reason').fill('product discontinued');
    await page.getByTestId('bta-confirm').click();
    await expectText(page, 'types-notice', 'Business type warranty retired.');
    await expect.poll(() => row(page, 'warranty').getByTestId('type-status').textContent()).toBe('retired');
    expect((await typesNow()).find((type) => type.code === 'warranty')).toMatchObject({
      name: 'Warranty claims',
      nameZh: '保修',
      retiredAt: expect.any(Number),
    });

    await row(page, 'warranty').getByTestId('btn-delete-type').click();
    await page.getByTestId('bta-reason').fill('never used');
    await page.getByTestId('bta-confirm').click();
    await expectText(page, 'types-notice', 'Business type warranty deleted.');
    await expect.poll(() => row(page, 'warranty').count()).toBe(0);
    expect((await typesNow()).map((type) => type.code)).not.toContain('warranty');
    expect(await violations(page)).toEqual([]);
  });

  it('in Chinese: an admin names a type in both languages; a supervisor sees them read-only (zh-CN)', async () => {
    const page = await adminPage('admin', 'zh-CN');
    await page.getByTestId('tab-business-types').click();
    await expectText(page, 'type-status', '使用中');
    await page.getByTestId('btn-new-type').click();
    await page.getByTestId('btf-code').fill('vip');
    await page.getByTestId('btf-name').fill('VIP service');
    await page.getByTestId('btf-name-zh').fill('贵宾服务');
    await page.getByTestId('btf-save').click();
    await expect.poll(() => page.getByText('请说明原因（至少 3 个字符）').count()).toBe(1);
    await page.getByTestId('btf-reason').fill('新的贵宾热线');
    await page.getByTestId('btf-save').click();
    await expectText(page, 'types-notice', '业务类型 vip 已保存。');
    await expect.poll(() => row(page, 'vip').getByTestId('type-name-zh').textContent()).toBe('贵宾服务');
    await row(page, 'support').getByTestId('btn-retire-type').click();
    await page.getByTestId('bta-reason').fill('试一下');
    await page.getByTestId('bta-confirm').click();
    await expectText(page, 'bta-in-use', /^仍被使用：service numbers/);
    expect(await violations(page)).toEqual([]);

    const supervisor = await adminPage('supervisor', 'zh-CN');
    await supervisor.getByTestId('tab-business-types').click();
    await expect.poll(() => row(supervisor, 'vip').getByTestId('type-usage').textContent()).toBe('无');
    await expect
      .poll(() => row(supervisor, 'sales').getByTestId('type-usage').textContent())
      .toMatch(/^1 个队列，2 个号码/);
    expect(await supervisor.getByTestId('btn-new-type').count()).toBe(0);
    expect(await supervisor.getByTestId('btn-rename-type').count()).toBe(0);
  });
});

describe('attached headers in the console', () => {
  it('an admin adds a header: each problem on its field, then published and read from the next call (en)', async () => {
    const page = await adminPage('admin', 'en-US');
    await page.getByTestId('tab-attached').click();
    await expect.poll(() => page.getByTestId('attached-field-row').count()).toBe(5);
    await page.getByTestId('btn-add-field').click();
    const added = page.getByTestId('attached-field-row').last();
    await added.getByTestId('af-header').fill('X Segment');
    await added.getByTestId('af-field').fill('segment');
    await added.getByTestId('af-label').fill('Segment');
    await added.getByTestId('af-labelZh').fill('客户分群');
    await added.getByTestId('af-maxLength').fill('12');
    await added.getByTestId('af-pattern').fill('(g+)+');
    await page.getByTestId('btn-publish-fields').click();
    await expect.poll(() => page.getByText('Say why (at least 3 characters)').count()).toBe(1);
    await expect
      .poll(() =>
        page
          .getByText("A SIP header name (letters, digits, - . ! % * _ + ` ' ~), not a credentials header")
          .count(),
      )
      .toBe(1);
    await expect
      .poll(() => page.getByText('Not allowed: a repeated group may not repeat or branch inside').count())
      .toBe(1);
    await expectText(page, 'attached-notice', '2 problems to fix.');

    await added.getByTestId('af-header').fill('X-Customer-Segment');
    await added.getByTestId('af-pattern').fill('gold|silver');
    await page.getByTestId('attached-note').fill('segments from the new IVR');
    await page.getByTestId('btn-publish-fields').click();
    await expectText(
      page,
      'attached-notice',
      /^Version \d+ published: the next call is read with these headers\.$/,
    );
    await expectText(page, 'attached-in-force', /^In force: version \d+$/);

    const admin = await t.login('admin');
    const placed = await t.api<{ interactionId: number }>('POST', '/api/sim/calls', admin, {
      from: '+14155550177',
      to: '+18005550100',
      attached: { 'X-Customer-Segment': 'gold' },
    });
    const row = t.ringside.db
      .select()
      .from(interactions)
      .where(eq(interactions.id, placed.body.interactionId))
      .get();
    expect(row?.attachedData).toEqual({ segment: 'gold' });
    expect(await violations(page)).toEqual([]);
    for (const callId of t.sim.activeCallIds()) t.sim.callerHangsUp(callId);
  });

  it('in Chinese: the screen and its problems; a supervisor sees the headers read-only (zh-CN)', async () => {
    const page = await adminPage('admin', 'zh-CN');
    await page.getByTestId('tab-attached').click();
    await page.getByTestId('attached-field-row').first().waitFor();
    await page.getByTestId('btn-add-field').click();
    await page.getByTestId('attached-field-row').last().getByTestId('af-header').fill('Authorization');
    await page.getByTestId('btn-publish-fields').click();
    await expect
      .poll(() => page.getByText("SIP 头名称（字母、数字及 - . ! % * _ + ` ' ~），且不能是认证头").count())
      .toBe(1);
    await expect.poll(() => page.getByText('请说明原因（至少 3 个字符）').count()).toBe(1);

    const supervisor = await adminPage('supervisor', 'zh-CN');
    await supervisor.getByTestId('tab-attached').click();
    await expect
      .poll(() =>
        supervisor.locator('[data-testid="attached-field-row"][data-header="X-Customer-Segment"]').count(),
      )
      .toBe(1);
    expect(await supervisor.getByTestId('btn-publish-fields').count()).toBe(0);
    expect(await supervisor.getByTestId('af-header').first().getAttribute('readonly')).not.toBeNull();
  });
});
