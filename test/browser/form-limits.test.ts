/**
 * The form on a district with the open form's limits on (the other browser tests lift them): a
 * resident who sends the same need twice, or more needs than the limit, reads why in plain words,
 * keeps what was typed, and the page stays accessible.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, describeViolations, newPhonePage, screenshot, startBrowserSystem } from '../support/browser.ts';
import { type LocalSystem, liftedSubmissionLimits } from '../support/local-system.ts';

let system: LocalSystem;
let browser: Browser;
let stopAll: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ system, browser, stop: stopAll } = await startBrowserSystem({
    configureDistrict: (district) => ({
      ...district,
      // The limits under test, without the SMS code for new numbers (its own tests: phone-confirmation).
      submissions: {
        ...liftedSubmissionLimits,
        perPhone: { maxOpenNeeds: 1, maxNeedsPerDay: 5, refuseRepeatsWhileOpen: true },
        clientRequestsPerMinute: 50,
      },
    }),
  }));
}, 180_000);

afterAll(async () => {
  await stopAll?.();
});

async function sendNeed(page: Page, category: string): Promise<void> {
  await page.goto(`${system.baseUrl}/`);
  await page.getByRole('radio', { name: category, exact: true }).check();
  await page.getByLabel('请简单说说具体情况').fill('想请人帮忙。');
  await page.getByLabel(/^社区/).selectOption({ label: '荷花社区' });
  await page.getByLabel(/^怎么称呼您/).fill('李大爷');
  await page.getByLabel(/^手机号码/).fill('139 0000 7777');
  await page.getByRole('checkbox', { name: '我同意（必选）' }).check();
  await page.getByRole('button', { name: '提交', exact: true }).click();
}

describe('the form under the limits of the open form', () => {
  it('says a repeat is already being handled, and that a second need must wait for the first', async () => {
    const { page, close } = await newPhonePage(browser);
    try {
      await sendNeed(page, '维修');
      await page.locator('#done-heading').waitFor();

      await sendNeed(page, '维修');
      const problem = page.locator('#form-error');
      await expect.poll(() => problem.textContent()).toContain('已有一条同类需求正在处理');
      expect(await page.getByLabel('请简单说说具体情况').inputValue()).toBe('想请人帮忙。');
      expect(describeViolations(await axeViolations(page))).toEqual([]);
      await screenshot(page, 'form-duplicate.png');

      await page.getByRole('radio', { name: '家政', exact: true }).check();
      await page.getByRole('button', { name: '提交', exact: true }).click();
      await expect.poll(() => problem.textContent()).toContain('请等其中一条完成或取消后再提交');
      expect(describeViolations(await axeViolations(page))).toEqual([]);
    } finally {
      await close();
    }
  });
});
