/**
 * The resident's need form in a real (headless) Chromium against the whole local system: fill it in
 * Chinese on a phone, see an error next to its question, fix it, send, follow the tracking link.
 * axe-core must report no WCAG 2.2 AA violation, with and without errors shown.
 */
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalSystem } from '../support/local-system.ts';
import {
  axeViolations,
  describeViolations,
  fitsWidth,
  startBrowserSystem,
  newPhonePage,
  screenshot,
} from '../support/browser.ts';

let system: LocalSystem;
let browser: Browser;
let stopAll: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ system, browser, stop: stopAll } = await startBrowserSystem());
}, 180_000);

afterAll(async () => {
  await stopAll?.();
});

/** YYYY-MM-DD of today + `days` in the district's time zone (Asia/Shanghai), whatever the machine's zone. */
function districtDate(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + days * 86_400_000));
}

const activeElementId = (page: Page) => page.evaluate<string>('document.activeElement ? document.activeElement.id : ""');

async function openForm(page: Page): Promise<void> {
  await page.goto(`${system.baseUrl}/`);
  await page.getByRole('radio', { name: '维修', exact: true }).waitFor();
}

/** A complete, valid form in Chinese; `phone` lets a test start with a wrong number. */
async function fillForm(page: Page, phone = '138 0013 8000'): Promise<void> {
  await page.getByRole('radio', { name: '维修', exact: true }).check();
  await page.getByLabel('请简单说说具体情况').fill('厨房水龙头漏水，想请师傅上门修一下。');
  await page.getByLabel(/^社区/).selectOption({ label: '荷花社区' });
  await page.getByLabel(/^网格/).selectOption({ label: '荷花第一网格' });
  await page.getByLabel(/^门牌号/).fill('3栋2单元501室');
  await page.getByRole('radio', { name: '明天' }).check();
  await page.getByRole('radio', { name: /^上午/ }).check();
  await page.getByRole('checkbox', { name: '80岁以上老人' }).check();
  await page.getByRole('checkbox', { name: '独居老人' }).check();
  await page.getByLabel(/^怎么称呼您/).fill('王阿姨');
  await page.getByLabel(/^手机号码/).fill(phone);
  await page.getByRole('checkbox', { name: '我同意（必选）' }).check();
}

const isSubmit = (request: Request) => request.method() === 'POST' && new URL(request.url()).pathname === '/needs';

describe('the need form', () => {
  it('is sent in Chinese after fixing a wrong phone number, and its tracking link shows the timeline', async () => {
    const { page, errors, close } = await newPhonePage(browser);
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    try {
      await openForm(page);
      expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('告诉社区您需要什么帮助');
      expect(describeViolations(await axeViolations(page))).toEqual([]);
      await screenshot(page, 'form-phone.png');

      await fillForm(page, '1380013800');
      await page.getByRole('button', { name: '提交', exact: true }).click();

      // The error is next to the phone question, wired for screen readers, and listed in the focused summary.
      const phoneInput = page.getByLabel(/^手机号码/);
      const phoneError = page.locator('#contactPhone-error');
      await expect.poll(() => phoneError.textContent()).toContain('请填写11位手机号码');
      expect(await phoneInput.getAttribute('aria-invalid')).toBe('true');
      expect(await phoneInput.getAttribute('aria-describedby')).toContain('contactPhone-error');
      expect(await activeElementId(page)).toBe('error-summary');
      expect(await page.locator('#error-summary a').allTextContents()).toEqual(['请填写11位手机号码，例如 138 0013 8000']);
      // Nothing typed was lost.
      expect(await page.getByLabel('请简单说说具体情况').inputValue()).toBe('厨房水龙头漏水，想请师傅上门修一下。');
      expect(await page.getByRole('radio', { name: '维修', exact: true }).isChecked()).toBe(true);
      expect(await page.getByRole('checkbox', { name: '独居老人' }).isChecked()).toBe(true);
      expect(describeViolations(await axeViolations(page))).toEqual([]);
      await screenshot(page, 'form-phone-error.png');

      // The summary's link takes the focus to the field.
      await page.locator('#error-summary a').click();
      expect(await activeElementId(page)).toBe('contactPhone');

      await phoneInput.fill('138 0013 8000');
      expect(await phoneInput.getAttribute('aria-invalid')).toBeNull();
      expect(await phoneError.isHidden()).toBe(true);

      const [submit] = await Promise.all([page.waitForRequest(isSubmit), page.getByRole('button', { name: '提交', exact: true }).click()]);
      const body = submit.postDataJSON();
      const tomorrow = districtDate(1);
      expect(body).toEqual({
        category: 'repairs',
        description: '厨房水龙头漏水，想请师傅上门修一下。',
        communityId: 'hehua',
        gridId: 'hehua-1',
        address: '3栋2单元501室',
        preferredWindow: { from: `${tomorrow}T08:00:00+08:00`, to: `${tomorrow}T12:00:00+08:00` },
        urgency: 'normal',
        specialGroups: ['elderly80', 'livingAlone'],
        contact: { name: '王阿姨', phone: '13800138000' },
        consent: { personalInfo: true, sensitive: false },
      });
      expect(submit.headers()['idempotency-key']).toMatch(/^[\x21-\x7e]{16,}$/);

      await page.getByRole('heading', { name: '提交成功' }).waitFor();
      expect(await activeElementId(page)).toBe('done-heading');
      const link = await page.getByLabel('查看进度的链接').inputValue();
      const url = new URL(link);
      expect(url.pathname).toBe('/track.html');
      expect(url.search).toBe('');
      const fragment = new URLSearchParams(url.hash.slice(1));
      const token = fragment.get('token') ?? '';
      expect(fragment.get('id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(token.length).toBeGreaterThan(20);
      expect(describeViolations(await axeViolations(page))).toEqual([]);
      await screenshot(page, 'form-phone-done.png');

      await system.poller.drain();
      await page.getByRole('link', { name: '查看办理进度' }).click();
      await page.waitForURL(/\/track\.html#/);
      const timeline = page.locator('#timeline li');
      await expect.poll(() => timeline.count()).toBeGreaterThanOrEqual(2);
      const steps = await page.locator('#timeline .timeline-label').allTextContents();
      expect(steps[0]).toBe('已提交');
      // Repairs in grid hehua-1: the demo's only repairer serves grids 2 and 3, so the matcher escalates it.
      expect(steps[1]).toBe('已转社区工作人员处理');
      expect(await page.locator('#status-label').textContent()).toBe(steps.at(-1));
      expect(await page.locator('#need-category').textContent()).toBe('维修');
      expect(await page.locator('#need-community').textContent()).toBe('荷花社区 · 荷花第一网格');
      // Times are the district's: 8:00 to 12:00 tomorrow, as chosen.
      expect(await page.locator('#need-window').textContent()).toMatch(/\d+月\d+日.* 08:00 至 12:00$/);
      expect(await page.locator('#timeline time').first().textContent()).toMatch(/^\d+月\d+日.*\d\d:\d\d$/);
      expect(await page.getByRole('button', { name: '取消这个需求' }).isVisible()).toBe(true);
      expect(describeViolations(await axeViolations(page))).toEqual([]);
      await screenshot(page, 'track-phone.png');

      // The token went to the API only as a header, never in a URL the browser requested.
      expect(requested.filter((address) => address.includes(token))).toEqual([]);

      // Back on the form, this phone remembers the need and links to its progress.
      await page.getByRole('link', { name: '提交新的需求' }).click();
      await page.getByRole('heading', { name: '您提交过的需求' }).waitFor();
      expect(await page.locator('#recent-list a').first().getAttribute('href')).toBe(link);
      expect(await page.locator('#recent-list a').first().textContent()).toMatch(/^维修，\d+月\d+日.*提交 —— 查看进度$/);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);

  it('says the network failed, keeps everything (even over a reload), and a retry or a double tap sends the same Idempotency-Key', async () => {
    // A phone set to another time zone still asks for the district's tomorrow afternoon, +08:00.
    const { page, close } = await newPhonePage(browser, { timezoneId: 'America/Los_Angeles' });
    try {
      await openForm(page);
      await fillForm(page);
      await page.getByRole('radio', { name: /^下午/ }).check();

      const keys: string[] = [];
      await page.route('**/needs', async (route) => {
        keys.push(route.request().headers()['idempotency-key'] ?? '');
        await route.abort('internetdisconnected');
      });
      await page.getByRole('button', { name: '提交', exact: true }).click();
      const formError = page.locator('#form-error');
      await expect.poll(() => formError.textContent()).toContain('网络好像断了');
      expect(await formError.getAttribute('role')).toBe('alert');
      expect(await page.getByLabel(/^怎么称呼您/).inputValue()).toBe('王阿姨');
      expect(await page.getByLabel(/^手机号码/).inputValue()).toBe('138 0013 8000');
      expect(describeViolations(await axeViolations(page))).toEqual([]);

      // Even a reload (a tap on the wrong button) keeps the answers and the attempt's key.
      await page.reload();
      await page.getByRole('radio', { name: '维修', exact: true }).waitFor();
      expect(await page.getByLabel(/^怎么称呼您/).inputValue()).toBe('王阿姨');
      expect(await page.getByRole('radio', { name: /^下午/ }).isChecked()).toBe(true);
      expect(await page.getByRole('checkbox', { name: '独居老人' }).isChecked()).toBe(true);

      await page.unroute('**/needs');
      const sent: Request[] = [];
      page.on('request', (request) => {
        if (isSubmit(request)) sent.push(request);
      });
      await page.getByRole('button', { name: '提交', exact: true }).dblclick();
      await page.getByRole('heading', { name: '提交成功' }).waitFor();
      expect(sent).toHaveLength(1);
      expect(sent[0]?.headers()['idempotency-key']).toBe(keys[0]);
      const tomorrow = districtDate(1);
      expect(sent[0]?.postDataJSON().preferredWindow).toEqual({ from: `${tomorrow}T13:00:00+08:00`, to: `${tomorrow}T18:00:00+08:00` });
    } finally {
      await close();
    }
  }, 120_000);

  it("places the API's own field problems next to their questions", async () => {
    const { page, close } = await newPhonePage(browser);
    try {
      await openForm(page);
      await fillForm(page);
      // Values the page never offers, so that only the server can refuse them.
      await page.evaluate(`document.getElementById('category-repairs').value = 'spaceTravel'`);
      await page.evaluate(`document.querySelector('#gridId option:checked').value = 'no-such-grid'`);
      const [response] = await Promise.all([
        page.waitForResponse((candidate) => isSubmit(candidate.request())),
        page.getByRole('button', { name: '提交', exact: true }).click(),
      ]);
      expect(response.status()).toBe(400);
      expect(await page.locator('#category-error').textContent()).toContain('这项服务本区暂时没有');
      expect(await page.locator('#gridId-error').textContent()).toContain('这个网格不在所选社区里');
      expect(await page.getByLabel(/^网格/).getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#category-group').getAttribute('aria-describedby')).toContain('category-error');
      expect(await page.locator('#error-summary li').count()).toBe(2);
      expect(await activeElementId(page)).toBe('error-summary');
      expect(await page.getByLabel('请简单说说具体情况').inputValue()).toBe('厨房水龙头漏水，想请师傅上门修一下。');
      expect(describeViolations(await axeViolations(page))).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);

  it('checks the simple rules before sending, and is usable by keyboard from the error summary', async () => {
    const { page, close } = await newPhonePage(browser);
    let posts = 0;
    page.on('request', (request) => {
      if (isSubmit(request)) posts += 1;
    });
    try {
      await openForm(page);
      await page.getByRole('button', { name: '提交', exact: true }).click();
      expect(await activeElementId(page)).toBe('error-summary');
      expect(await page.locator('#error-summary li').allTextContents()).toEqual([
        '请选一项服务',
        '请说说具体情况',
        '请选择您住的社区',
        '请写上怎么称呼您',
        '请填写手机号码',
        '请勾选“我同意”，社区才能联系您、安排服务',
      ]);
      expect(posts).toBe(0);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      expect(await activeElementId(page)).toBe('category-mealAssistance');
      await page.keyboard.press('Space');
      expect(await page.getByRole('radio', { name: '助餐' }).isChecked()).toBe(true);
      expect(await page.locator('#category-error').isHidden()).toBe(true);

      // The separate consent to sensitive information is asked only once such a group is ticked.
      const sensitiveConsent = page.getByRole('checkbox', { name: /健康、残疾或婴幼儿/ });
      expect(await sensitiveConsent.isVisible()).toBe(false);
      await page.getByRole('checkbox', { name: '重病患者' }).check();
      expect(await sensitiveConsent.isVisible()).toBe(true);
      await page.getByRole('checkbox', { name: '重病患者' }).uncheck();
      expect(await sensitiveConsent.isVisible()).toBe(false);

      // A date that has passed is refused here, in the district's calendar.
      await page.getByRole('radio', { name: '选一个日期' }).check();
      await page.getByLabel('日期', { exact: true }).fill(districtDate(-1));
      await page.getByRole('button', { name: '提交', exact: true }).click();
      expect(await page.locator('#when-error').textContent()).toContain('这个时间已经过去了');
      expect(describeViolations(await axeViolations(page))).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);

  it('switches to English and back without losing what was typed', async () => {
    const { page, close } = await newPhonePage(browser);
    try {
      await openForm(page);
      await page.getByRole('radio', { name: '维修', exact: true }).check();
      await page.getByLabel('请简单说说具体情况').fill('水管坏了');
      await page.getByRole('button', { name: '提交', exact: true }).click();
      await page.getByRole('button', { name: 'English' }).click();
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Tell your community what help you need');
      expect(await page.getByRole('radio', { name: 'Repairs', exact: true }).isChecked()).toBe(true);
      expect(await page.getByRole('textbox', { name: /^Tell us briefly/ }).inputValue()).toBe('水管坏了');
      expect(await page.locator('#contactPhone-error').textContent()).toContain('Enter your mobile number');
      expect(await page.getByRole('button', { name: '中文' }).getAttribute('lang')).toBe('zh-CN');
      expect(describeViolations(await axeViolations(page))).toEqual([]);
      await page.getByRole('button', { name: '中文' }).click();
      expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
      expect(await page.getByLabel('请简单说说具体情况').inputValue()).toBe('水管坏了');
    } finally {
      await close();
    }
  }, 120_000);

  it('reflows without sideways scrolling at 320 CSS px and at 200 % zoom on a phone, with targets of 44 px or more', async () => {
    for (const viewport of [
      { width: 320, height: 640 },
      { width: 195, height: 422 },
    ]) {
      const { page, close } = await newPhonePage(browser, { viewport });
      try {
        await openForm(page);
        await page.getByRole('button', { name: '提交', exact: true }).click();
        expect(await fitsWidth(page), `no horizontal scroll at ${viewport.width}px`).toBe(true);
      } finally {
        await close();
      }
    }
    const { page, close } = await newPhonePage(browser);
    try {
      await openForm(page);
      // Every radio and checkbox is inside a label card; the card is the target.
      const small = await page.evaluate<string[]>(`
        [...document.querySelectorAll('button, select, textarea, input:not([type=radio]):not([type=checkbox]), label.choice, label.card')]
          .filter((el) => el.offsetParent !== null)
          .filter((el) => { const r = el.getBoundingClientRect(); return r.height < 44 || r.width < 44; })
          .map((el) => el.id || el.textContent.trim())`);
      expect(small).toEqual([]);
      const base = await page.evaluate<string>('getComputedStyle(document.body).fontSize');
      expect(Number.parseFloat(base)).toBeGreaterThanOrEqual(20);
    } finally {
      await close();
    }
  }, 120_000);
});
