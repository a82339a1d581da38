/**
 * A new phone number's SMS code on the form and the tracking page, in a real (headless) Chromium
 * against the whole local system with the district's rule on: the need is saved at once, the code
 * step says where the code went, a wrong code is said next to the input, the code from the outbox
 * lets the need go on; the tracking page shows "等待短信验证" and takes the code too. axe-core must
 * report no WCAG 2.2 AA violation on the code step.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, describeViolations, fitsWidth, newPhonePage, screenshot, startBrowserSystem } from '../support/browser.ts';
import { type LocalSystem, liftedSubmissionLimits } from '../support/local-system.ts';

let system: LocalSystem;
let browser: Browser;
let stopAll: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ system, browser, stop: stopAll } = await startBrowserSystem({
    // The rule under test on, as in production and `npm start`.
    configureDistrict: (district) => ({ ...district, submissions: { ...liftedSubmissionLimits, confirmNewPhones: true } }),
  }));
}, 180_000);

afterAll(async () => {
  await stopAll?.();
});

const activeElementId = (page: Page) => page.evaluate<string>('document.activeElement ? document.activeElement.id : ""');

const codeSentTo = (phone: string) =>
  system.outbox
    .list()
    .filter((message) => message.to === phone && message.purpose === 'phoneConfirmation')
    .map((message) => /验证码：(\d{6})/.exec(message.text)?.[1] ?? '');

async function sendForm(page: Page, phone: string): Promise<void> {
  await page.goto(`${system.baseUrl}/`);
  await page.getByRole('radio', { name: '陪诊', exact: true }).check();
  await page.getByLabel('请简单说说具体情况').fill('下周二上午去医院复查，想请人陪我去。');
  await page.getByLabel(/^社区/).selectOption({ label: '荷花社区' });
  await page.getByLabel(/^网格/).selectOption({ label: '荷花第一网格' });
  await page.getByRole('checkbox', { name: '80岁以上老人' }).check();
  await page.getByLabel(/^怎么称呼您/).fill('赵奶奶');
  await page.getByLabel(/^手机号码/).fill(phone);
  await page.getByRole('checkbox', { name: '我同意（必选）' }).check();
  await page.getByRole('button', { name: '提交', exact: true }).click();
}

describe('the SMS code step', () => {
  it('on the form: saved at once, a wrong code said at the input, the code from the outbox sends the need on', async () => {
    const phone = '13700003001';
    const { page, errors, close } = await newPhonePage(browser);
    try {
      await sendForm(page, phone);
      await page.getByRole('heading', { name: '还差一步：输入短信验证码' }).waitFor();
      expect(await activeElementId(page)).toBe('code-heading');
      expect(await page.locator('#code-sent-to').textContent()).toContain('137****3001');
      expect(await page.getByText('您的需求已经保存好了，不会丢。').isVisible()).toBe(true);
      // Asking again waits for the cool-down, said in words.
      expect(await page.getByRole('button', { name: '重新发送验证码' }).getAttribute('aria-disabled')).toBe('true');
      expect(await page.locator('#code-wait').textContent()).toMatch(/\d+ 秒后可以重新发送/);
      expect(describeViolations(await axeViolations(page))).toEqual([]);
      expect(await fitsWidth(page)).toBe(true);
      await screenshot(page, 'code-step.png');

      // Saved before any code: in matching's eyes it waits, and the list of this browser's needs has it.
      await system.poller.drain();
      const [code] = codeSentTo(phone);
      expect(code).toMatch(/^\d{6}$/);

      const codeInput = page.getByLabel('短信验证码（6 位数字）');
      await codeInput.fill('12');
      await page.getByRole('button', { name: '确认', exact: true }).click();
      await expect.poll(() => page.locator('#confirmCode-error').textContent()).toContain('验证码是 6 位数字');
      expect(await codeInput.getAttribute('aria-invalid')).toBe('true');

      await codeInput.fill(code === '000000' ? '000001' : '000000');
      await page.getByRole('button', { name: '确认', exact: true }).click();
      await expect.poll(() => page.locator('#confirmCode-error').textContent()).toContain('还可以再试 4 次');
      expect(describeViolations(await axeViolations(page))).toEqual([]);
      await screenshot(page, 'code-step-wrong.png');

      // Typed with a Chinese keyboard's full-width digits and a space: still the code.
      const fullWidth = [...(code ?? '')].map((digit) => String.fromCharCode(digit.charCodeAt(0) + 0xfee0)).join('');
      await codeInput.fill(`${fullWidth.slice(0, 3)} ${fullWidth.slice(3)}`);
      await page.getByRole('button', { name: '确认', exact: true }).click();
      await page.getByRole('heading', { name: '提交成功' }).waitFor();
      expect(await activeElementId(page)).toBe('done-heading');

      await page.getByRole('link', { name: '查看办理进度' }).click();
      await page.waitForURL(/\/track\.html#/);
      await expect.poll(() => page.locator('#status-label').textContent()).toBe('正在联系服务方');
      expect(await page.locator('#code-step').isHidden()).toBe(true);
      // The wrong code's 400 is the browser's only complaint.
      expect(errors.filter((error) => !error.includes('400'))).toEqual([]);
    } finally {
      await close();
    }
  });

  it('on the tracking page: "等待短信验证", the code typed there, then the need goes on', async () => {
    const phone = '13700003002';
    const { page, errors, close } = await newPhonePage(browser);
    try {
      await sendForm(page, phone);
      await page.getByRole('heading', { name: '还差一步：输入短信验证码' }).waitFor();
      // Later, from the tracking link instead of the form.
      await page.getByRole('link', { name: '查看办理进度' }).click();
      await page.waitForURL(/\/track\.html#/);
      await expect.poll(() => page.locator('#status-label').textContent()).toBe('等待短信验证');
      expect(await page.locator('#next-step').textContent()).toContain('6 位验证码');
      expect(await page.locator('#code-step').isVisible()).toBe(true);
      expect(describeViolations(await axeViolations(page))).toEqual([]);
      await screenshot(page, 'track-awaiting-code.png');

      await system.poller.drain();
      const [code] = codeSentTo(phone);
      await page.getByLabel('短信验证码（6 位数字）').fill(code ?? '');
      await page.getByRole('button', { name: '确认', exact: true }).click();
      await expect.poll(() => page.locator('#status-label').textContent()).toBe('正在联系服务方');
      expect(await page.locator('#code-step').isHidden()).toBe(true);
      expect(await activeElementId(page)).toBe('status-label');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
