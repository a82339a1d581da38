/**
 * The whole resident loop in headless Chromium against the real local system (DynamoDB Local, the
 * matcher as a stream consumer): a need sent through the form in Chinese, offered to the hehua
 * volunteers, who accept, start and complete it through the partner API while the tracking page
 * follows by itself; then the resident rates it once, and a second try (from a page opened earlier)
 * is refused with a 409 said in Chinese. axe-core must find nothing in the completed and rated states.
 */
import type { Browser, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, describeViolations, newPhonePage, screenshot, startBrowserSystem } from '../support/browser.ts';
import { nextShanghaiWeekday } from '../support/district-time.ts';
import type { LocalSystem } from '../support/local-system.ts';
import { hehuaVolunteers, holdPageClock, needView, partnerOf, refreshUntilStatus } from './order-steps.ts';

let system: LocalSystem;
let browser: Browser;
let stopAll: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ system, browser, stop: stopAll } = await startBrowserSystem());
}, 180_000);

afterAll(async () => {
  await stopAll?.();
});

const isSubmit = (request: Request) => request.method() === 'POST' && new URL(request.url()).pathname === '/needs';
const isRating = (request: Request) => request.method() === 'POST' && new URL(request.url()).pathname.endsWith('/rating');

describe('a need from the form to its rating', () => {
  it('is sent in Chinese, followed to completion by the self-refreshing page, rated once, and a second rating is refused in Chinese', async () => {
    const { page, errors, close } = await newPhonePage(browser);
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    try {
      // The form, in Chinese: a hospital escort next Tuesday morning in 荷花第一网格, for a resident over 80.
      const tuesday = nextShanghaiWeekday(2);
      await page.goto(`${system.baseUrl}/`);
      await page.getByRole('radio', { name: '陪诊', exact: true }).check();
      await page.getByLabel('请简单说说具体情况').fill('周二上午要去区医院复查，想请人陪我去。');
      await page.getByLabel(/^社区/).selectOption({ label: '荷花社区' });
      await page.getByLabel(/^网格/).selectOption({ label: '荷花第一网格' });
      await page.getByLabel(/^门牌号/).fill('5栋1单元302室');
      await page.getByRole('radio', { name: '选一个日期' }).check();
      await page.getByLabel('日期', { exact: true }).fill(tuesday);
      await page.getByRole('radio', { name: /^上午/ }).check();
      await page.getByRole('checkbox', { name: '80岁以上老人' }).check();
      await page.getByLabel(/^怎么称呼您/).fill('王阿姨');
      await page.getByLabel(/^手机号码/).fill('138 0013 8000');
      await page.getByRole('checkbox', { name: '我同意（必选）' }).check();
      const [submit] = await Promise.all([page.waitForRequest(isSubmit), page.getByRole('button', { name: '提交', exact: true }).click()]);
      expect(submit.postDataJSON()).toMatchObject({
        category: 'hospitalEscort',
        communityId: 'hehua',
        gridId: 'hehua-1',
        preferredWindow: { from: `${tuesday}T08:00:00+08:00`, to: `${tuesday}T12:00:00+08:00` },
        specialGroups: ['elderly80'],
      });
      await page.getByRole('heading', { name: '提交成功' }).waitFor();
      const fragment = new URLSearchParams(new URL(await page.getByLabel('查看进度的链接').inputValue()).hash.slice(1));
      const id = fragment.get('id') ?? '';
      const trackingToken = fragment.get('token') ?? '';
      await system.poller.drain();

      // The tracking link, with a page clock the test can move on: no waiting 15 s for each refresh.
      await page.clock.install();
      await page.getByRole('link', { name: '查看办理进度' }).click();
      await page.waitForURL(/\/track\.html#/);
      await expect.poll(() => page.locator('#status-label').textContent()).toBe('正在联系服务方');
      expect(await page.locator('#fact-partner').isHidden()).toBe(true);
      expect(await page.locator('#fact-availability').isHidden()).toBe(true);

      // The partner's side, through the partner API; the open page finds each step out by itself.
      const partner = await partnerOf(system);
      await partner.accept(id);
      await refreshUntilStatus(page, '服务方已接单');
      expect(await page.locator('#need-partner').textContent()).toBe(hehuaVolunteers.nameZh);
      expect(await page.locator('#need-availability').textContent()).toMatch(/^已为您找到合伙人，最早.+可以提供服务。$/);
      expect(await page.locator('#next-step').textContent()).toBe('服务方已经接单，会按约定的时间联系您。');
      expect(await page.getByRole('button', { name: '取消这个需求' }).isVisible()).toBe(true);

      await partner.start(id);
      await refreshUntilStatus(page, '服务进行中');
      expect(await page.getByRole('button', { name: '取消这个需求' }).isHidden()).toBe(true);
      expect(await page.locator('#fact-availability').isHidden()).toBe(true);

      await partner.complete(id);
      await refreshUntilStatus(page, '服务已完成');
      expect(await page.locator('#need-partner').textContent()).toBe(hehuaVolunteers.nameZh);
      expect(await page.locator('#timeline .timeline-label').allTextContents()).toEqual([
        '已提交',
        '正在联系服务方',
        '服务方已接单',
        '服务进行中',
        '服务已完成',
      ]);
      expect(await page.getByRole('heading', { name: '给这次服务打个分' }).isVisible()).toBe(true);
      expect(describeViolations(await axeViolations(page)), 'completed').toEqual([]);

      // A family member has the same link open on another phone, from before the rating.
      const other = await newPhonePage(browser);
      try {
        await other.page.clock.install();
        await other.page.goto(page.url());
        await other.page.getByRole('heading', { name: '给这次服务打个分' }).waitFor();
        // Held, so that its own refresh does not hide the form before the second try.
        await holdPageClock(other.page);

        // The rating: 5 stars, two tags, a comment.
        await page.getByRole('radio', { name: '5 星 · 非常满意' }).check();
        await page.getByRole('checkbox', { name: '准时' }).check();
        await page.getByRole('checkbox', { name: '态度好' }).check();
        await page.getByLabel('还想说点什么？').fill('志愿者很细心，一路陪着我看完病。');
        const [rating] = await Promise.all([page.waitForRequest(isRating), page.getByRole('button', { name: '提交评价' }).click()]);
        expect(rating.postDataJSON()).toEqual({ stars: 5, comment: '志愿者很细心，一路陪着我看完病。', tags: ['onTime', 'friendly'] });
        expect((await rating.response())?.status()).toBe(201);
        await page.getByRole('heading', { name: '谢谢您的评价！' }).waitFor();
        expect(await page.locator('#rating-done-stars').textContent()).toBe('您的评价：5 星');
        expect(await page.locator('#rating-done-comment').textContent()).toBe('志愿者很细心，一路陪着我看完病。');
        await expect.poll(() => page.locator('#rating-section').isHidden()).toBe(true);
        expect(await page.locator('#status-label').textContent()).toBe('服务已完成');
        expect(describeViolations(await axeViolations(page)), 'rated').toEqual([]);
        await screenshot(page, 'track-phone-rated.png');

        // The API keeps the rating, and the order can no longer be rated.
        const stored = await needView(system, id, trackingToken);
        expect(stored.rating).toEqual({ stars: 5, comment: '志愿者很细心，一路陪着我看完病。', tags: ['onTime', 'friendly'] });
        expect(stored.canRate).toBe(false);

        // The second try, from the page opened before the rating: the API answers 409, the page says why in Chinese.
        await other.page.getByRole('radio', { name: '3 星 · 一般' }).check();
        const [second] = await Promise.all([
          other.page.waitForResponse((response) => isRating(response.request())),
          other.page.getByRole('button', { name: '提交评价' }).click(),
        ]);
        expect(second.status()).toBe(409);
        expect(await second.json()).toMatchObject({ status: 409, detail: 'this order has already been rated' });
        await expect.poll(() => other.page.locator('#action-notice').textContent()).toBe('这次服务已经评价过了，每次服务只能评价一次。');
        expect(await other.page.locator('#action-notice').getAttribute('role')).toBe('alert');
        // It then shows the rating that counts, and no form.
        await expect.poll(() => other.page.locator('#rating-done-stars').textContent()).toBe('您的评价：5 星');
        expect(await other.page.locator('#rating-section').isHidden()).toBe(true);
        await other.page.clock.resume();
        expect(describeViolations(await axeViolations(other.page)), 'second rating refused').toEqual([]);
        expect((await needView(system, id, trackingToken)).rating?.stars).toBe(5);
        // The 409 is logged by the browser as a failed resource; nothing else went wrong.
        expect(other.errors.filter((error) => !error.includes('409'))).toEqual([]);
      } finally {
        await other.close();
      }

      // The token went to the API only as a header, never in a URL the browser requested.
      expect(requested.filter((address) => address.includes(trackingToken))).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);
});
