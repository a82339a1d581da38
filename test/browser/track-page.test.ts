/**
 * The tracking page in headless Chromium against the real local system: plain-words errors for a
 * bad link, cancelling with a confirm step, the page refreshing itself and announcing a change of
 * status, a cancel refused (409) because the partner started meanwhile, the partner's name and the
 * rating form on an order the partner really completed through the partner API, and an escalated
 * need's reason. No API answer is faked in the browser.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, describeViolations, newPhonePage, screenshot, startBrowserSystem } from '../support/browser.ts';
import { request } from '../support/http-client.ts';
import type { LocalSystem } from '../support/local-system.ts';
import { districtDateTime, hehuaEscort, hehuaVolunteers, holdPageClock, needView, partnerOf, submitNeedByApi } from './order-steps.ts';

let system: LocalSystem;
let browser: Browser;
let stopAll: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ system, browser, stop: stopAll } = await startBrowserSystem());
}, 180_000);

afterAll(async () => {
  await stopAll?.();
});

/** The status label the API reports now: what the page must show once loaded. */
async function statusLabelOf(id: string, trackingToken: string): Promise<string> {
  const reply = await request<{ statusLabel: { zh: string } }>(system.baseUrl, 'GET', `/needs/${id}`, {
    headers: { 'x-tracking-token': trackingToken },
  });
  return reply.body.statusLabel.zh;
}

async function submitNeed(): Promise<{ id: string; trackingToken: string }> {
  const reply = await request<{ id: string; trackingToken: string }>(system.baseUrl, 'POST', '/needs', {
    body: {
      category: 'hospitalEscort',
      description: '下周三要去市一医院复查，需要有人陪同。',
      communityId: 'liuyin',
      urgency: 'urgent',
      specialGroups: ['elderly80'],
      contact: { name: '李大爷', phone: '13900139000' },
    },
  });
  expect(reply.status).toBe(201);
  await system.poller.drain();
  return reply.body;
}

const trackingUrl = (id: string, token: string) => `${system.baseUrl}/track.html#id=${id}&token=${token}`;
const activeElementId = (page: Page) => page.evaluate<string>('document.activeElement ? document.activeElement.id : ""');
const liveText = (page: Page) => page.locator('[data-live]').textContent();

describe('the tracking page', () => {
  it('says plainly when a link is incomplete or wrong', async () => {
    const { page, errors, close } = await newPhonePage(browser);
    try {
      await page.goto(`${system.baseUrl}/track.html`);
      await expect.poll(() => page.locator('#track-error').textContent()).toContain('这个链接不完整');
      expect(describeViolations(await axeViolations(page))).toEqual([]);

      const { id } = await submitNeed();
      await page.goto(trackingUrl(id, 'not-the-token'));
      await expect.poll(() => page.locator('#track-error').textContent()).toContain('找不到这个需求');
      expect(await page.locator('#need').isHidden()).toBe(true);
      // The 404 is the API's answer to a wrong token, logged by the browser as a failed resource; nothing else went wrong.
      expect(errors.filter((error) => !error.includes('404'))).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);

  it('cancels a need only after a confirm step', async () => {
    const { page, errors, close } = await newPhonePage(browser);
    try {
      const { id, trackingToken } = await submitNeed();
      const current = await statusLabelOf(id, trackingToken);
      expect(['正在联系服务方', '已转社区工作人员处理']).toContain(current);
      await page.goto(trackingUrl(id, trackingToken));
      await expect.poll(() => page.locator('#status-label').textContent()).toBe(current);
      expect(await page.locator('#urgent-badge').isVisible()).toBe(true);
      expect(await page.locator('#need-category').textContent()).toBe('陪诊');

      const open = page.getByRole('button', { name: '取消这个需求' });
      await open.click();
      expect(await open.getAttribute('aria-expanded')).toBe('true');
      expect(await activeElementId(page)).toBe('cancel-heading');
      await page.getByRole('button', { name: '不取消，返回' }).click();
      expect(await page.locator('#cancel-confirm').isHidden()).toBe(true);
      expect(await activeElementId(page)).toBe('cancel-open');

      await open.click();
      await page.getByLabel('为什么取消？').fill('家里人可以陪我去了');
      expect(describeViolations(await axeViolations(page))).toEqual([]);
      await page.getByRole('button', { name: '确定取消' }).click();
      await expect.poll(() => page.locator('#status-label').textContent()).toBe('已取消');
      await expect.poll(() => liveText(page)).toBe('需求已经取消。');
      expect(await page.locator('#next-step').textContent()).toBe('这个需求已经取消。');
      expect(await open.isHidden()).toBe(true);
      expect(await page.locator('#timeline li.current .timeline-reason').textContent()).toBe('原因：家里人可以陪我去了');
      expect(describeViolations(await axeViolations(page))).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);

  it('refreshes itself every 15 seconds and announces a change of status', async () => {
    const { page, close } = await newPhonePage(browser);
    try {
      const { id, trackingToken } = await submitNeed();
      await page.clock.install();
      const before = await statusLabelOf(id, trackingToken);
      await page.goto(trackingUrl(id, trackingToken));
      await expect.poll(() => page.locator('#status-label').textContent()).toBe(before);
      expect(await page.locator('#updated').textContent()).toMatch(/^最后更新：\d\d:\d\d。页面每15秒自动刷新。$/);

      // Someone else (a family member, another phone) cancels it; the open page finds out by itself.
      const cancelled = await request(system.baseUrl, 'POST', `/needs/${id}/cancel`, {
        body: {},
        headers: { 'x-tracking-token': trackingToken },
      });
      expect(cancelled.status).toBe(200);
      await page.clock.runFor(14_000);
      expect(await page.locator('#status-label').textContent()).toBe(before);
      await page.clock.runFor(1_100);
      await expect
        .poll(async () => {
          await page.clock.runFor(200);
          return liveText(page);
        })
        .toBe('状态有更新：已取消');
      expect(await page.locator('#status-label').textContent()).toBe('已取消');
      expect(await page.locator('[data-live]').getAttribute('aria-live')).toBe('polite');
    } finally {
      await close();
    }
  }, 120_000);

  it('says why when a cancel comes too late: the partner started while the page was open', async () => {
    const { page, errors, close } = await newPhonePage(browser);
    try {
      const { id, trackingToken } = await submitNeedByApi(system, hehuaEscort());
      const partner = await partnerOf(system);
      await partner.accept(id);
      await page.clock.install();
      await page.goto(trackingUrl(id, trackingToken));
      await expect.poll(() => page.locator('#status-label').textContent()).toBe('服务方已接单');
      // Held: the page must not find out about the start by itself before the resident taps cancel.
      await holdPageClock(page);
      expect(await page.locator('#need-partner').textContent()).toBe(hehuaVolunteers.nameZh);
      const open = page.getByRole('button', { name: '取消这个需求' });
      expect(await open.isVisible()).toBe(true);

      await partner.start(id);
      await open.click();
      await page.getByLabel('为什么取消？').fill('家里人可以陪我去了');
      const [cancel] = await Promise.all([
        page.waitForResponse((response) => response.request().method() === 'POST' && response.url().endsWith(`/needs/${id}/cancel`)),
        page.getByRole('button', { name: '确定取消' }).click(),
      ]);
      expect(cancel.status()).toBe(409);
      expect(await cancel.json()).toMatchObject({ status: 409, current: { status: 'started' } });
      await expect.poll(() => page.locator('#status-label').textContent()).toBe('服务进行中');
      expect(await page.locator('#action-notice').textContent()).toBe('服务已经开始了，不能在网上取消。请直接联系服务方或社区。');
      expect(await page.locator('#action-notice').getAttribute('role')).toBe('alert');
      expect(await open.isHidden()).toBe(true);
      expect(await page.locator('#need-partner').textContent()).toBe(hehuaVolunteers.nameZh);
      expect((await needView(system, id, trackingToken)).status).toBe('started');
      await page.clock.resume();
      expect(describeViolations(await axeViolations(page))).toEqual([]);
      // The 409 is the API's answer, logged by the browser as a failed resource; nothing else went wrong.
      expect(errors.filter((error) => !error.includes('409'))).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);

  it('shows the partner of a real completed order and takes a rating, with errors next to the stars', async () => {
    const { page, errors, close } = await newPhonePage(browser);
    try {
      const { id, trackingToken } = await submitNeedByApi(system, hehuaEscort());
      const partner = await partnerOf(system);
      await partner.accept(id);
      await partner.start(id);
      await partner.complete(id);
      const completed = await needView(system, id, trackingToken);
      expect(completed.canRate).toBe(true);

      await page.goto(trackingUrl(id, trackingToken));
      await expect.poll(() => page.locator('#status-label').textContent()).toBe('服务已完成');
      expect(await page.locator('#next-step').textContent()).toBe('服务已经完成。欢迎给这次服务打个分。');
      expect(await page.locator('#need-partner').textContent()).toBe(hehuaVolunteers.nameZh);
      expect(await page.locator('#timeline .timeline-label').allTextContents()).toEqual([
        '已提交',
        '正在联系服务方',
        '服务方已接单',
        '服务进行中',
        '服务已完成',
      ]);
      // The times are the district's (Asia/Shanghai), whatever the machine's zone.
      expect(await page.locator('#timeline time').allTextContents()).toEqual(completed.timeline.map((step) => districtDateTime(step.at)));
      expect(await page.getByRole('button', { name: '取消这个需求' }).isHidden()).toBe(true);
      expect(await page.getByRole('heading', { name: '给这次服务打个分' }).isVisible()).toBe(true);
      expect(describeViolations(await axeViolations(page))).toEqual([]);
      await screenshot(page, 'track-phone-rating.png');

      // Sent without stars: the error is by the stars, read out with them, and the focus goes there.
      let ratingPosts = 0;
      page.on('request', (request) => {
        if (request.method() === 'POST' && request.url().endsWith('/rating')) ratingPosts += 1;
      });
      await page.getByRole('button', { name: '提交评价' }).click();
      expect(await page.locator('#stars-error').textContent()).toContain('请选几颗星');
      expect(await page.locator('#stars-group').getAttribute('aria-describedby')).toContain('stars-error');
      expect(await activeElementId(page)).toBe('stars-5');
      expect(ratingPosts).toBe(0);
      expect(describeViolations(await axeViolations(page))).toEqual([]);

      await page.getByRole('radio', { name: '4 星 · 满意' }).check();
      expect(await page.locator('#stars-error').isHidden()).toBe(true);
      await page.getByRole('checkbox', { name: '准时' }).check();
      await page.getByRole('checkbox', { name: '态度好' }).check();
      await page.getByLabel('还想说点什么？').fill('志愿者很耐心，陪我挂号、取药。');
      const [sent] = await Promise.all([
        page.waitForRequest((request) => request.method() === 'POST' && request.url().endsWith(`/needs/${id}/rating`)),
        page.getByRole('button', { name: '提交评价' }).click(),
      ]);
      expect(sent.postDataJSON()).toEqual({ stars: 4, comment: '志愿者很耐心，陪我挂号、取药。', tags: ['onTime', 'friendly'] });
      expect(sent.headers()['x-tracking-token']).toBe(trackingToken);
      await page.getByRole('heading', { name: '谢谢您的评价！' }).waitFor();
      expect(await activeElementId(page)).toBe('rating-done-heading');
      expect(await page.locator('#rating-done-stars').textContent()).toBe('您的评价：4 星');
      expect(await page.locator('#rating-done-tags').textContent()).toBe('您选的：准时、态度好');
      expect(await page.locator('#next-step').textContent()).toBe('服务已经完成，您也评价过了。谢谢！');
      await expect.poll(() => page.locator('#rating-section').isHidden()).toBe(true);
      expect((await needView(system, id, trackingToken)).rating).toEqual({
        stars: 4,
        comment: '志愿者很耐心，陪我挂号、取药。',
        tags: ['onTime', 'friendly'],
      });
      expect(describeViolations(await axeViolations(page))).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);

  it("says plainly why a need went to community staff, and says a reasonless cancel in the resident's words", async () => {
    const { page, errors, close } = await newPhonePage(browser);
    try {
      // Childcare in liuyin: the demo's only childcare partner is suspended, so the matcher escalates it.
      const { id, trackingToken } = await submitNeedByApi(system, {
        category: 'childcare',
        description: '孩子放学后需要人照看两个小时。',
        communityId: 'liuyin',
        urgency: 'normal',
        specialGroups: [],
        contact: { name: '张女士', phone: '13700137000' },
      });
      const escalated = await needView(system, id, trackingToken);
      expect(escalated.status).toBe('escalated');
      const reason = escalated.timeline.at(-1)?.reason ?? '';
      // The matcher's reason is Chinese.
      expect(reason).toMatch(/^[^A-Za-z]*[\u4e00-\u9fff][^A-Za-z]*$/);

      await page.goto(trackingUrl(id, trackingToken));
      await expect.poll(() => page.locator('#status-label').textContent()).toBe('已转社区工作人员处理');
      expect(await page.locator('#next-step').textContent()).toBe('这件事已交给社区工作人员处理，他们会联系您。');
      // In the status card, not only in the timeline.
      expect(await page.locator('#status-reason').isVisible()).toBe(true);
      expect(await page.locator('#status-reason').textContent()).toBe(`原因：${reason}`);
      expect(await page.locator('#timeline li.current .timeline-reason').textContent()).toBe(`原因：${reason}`);
      expect(describeViolations(await axeViolations(page))).toEqual([]);
      await screenshot(page, 'track-phone-escalated.png');

      // On the English page the reason stays Chinese, and says so to a screen reader.
      await page.getByRole('button', { name: 'English' }).click();
      expect(await page.locator('#status-label').textContent()).toBe('Passed to community staff');
      expect(await page.locator('#status-reason').textContent()).toBe(`Reason: ${reason}`);
      expect(await page.locator('#status-reason [lang="zh-CN"]').textContent()).toBe(reason);
      expect(describeViolations(await axeViolations(page))).toEqual([]);
      await page.getByRole('button', { name: '中文' }).click();

      // Cancelled with no reason typed: the backend stores none, and the page says so in Chinese.
      await page.getByRole('button', { name: '取消这个需求' }).click();
      await page.getByRole('button', { name: '确定取消' }).click();
      await expect.poll(() => page.locator('#status-label').textContent()).toBe('已取消');
      expect((await needView(system, id, trackingToken)).timeline.at(-1)?.reason).toBeUndefined();
      expect(await page.locator('#timeline li.current .timeline-reason').textContent()).toBe('是您自己取消的，没有写原因。');
      expect(await page.locator('#timeline').textContent()).not.toContain('cancelled by the resident');
      // The escalation's reason stays in the timeline; the status card no longer gives one.
      expect(await page.locator('#timeline li .timeline-reason').first().textContent()).toBe(`原因：${reason}`);
      expect(await page.locator('#status-reason').isHidden()).toBe(true);
      expect(describeViolations(await axeViolations(page))).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);
});

describe('the tracking page while a partner is asked', () => {
  it('says when the partner will answer at the latest', async () => {
    const { page, errors, close } = await newPhonePage(browser);
    try {
      const { id, trackingToken } = await submitNeedByApi(system, hehuaEscort());
      await page.goto(trackingUrl(id, trackingToken));
      await expect.poll(() => page.locator('#status-label').textContent()).toBe('正在联系服务方');
      expect(await page.locator('#fact-answer-by').isVisible()).toBe(true);
      expect(await page.locator('#need-answer-by').textContent()).toMatch(/^最晚(今天|明天)\d\d:\d\d前答复$/);
      expect(await page.locator('#fact-queue').isHidden()).toBe(true);
      expect(describeViolations(await axeViolations(page))).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);
});
