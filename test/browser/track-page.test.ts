/**
 * The tracking page in headless Chromium: plain-words errors for a bad link, cancelling with a
 * confirm step, the page refreshing itself and announcing a change of status, and (against the
 * documented contract, with the need's view stubbed in the browser) the partner's name and the
 * rating form that the backend's completion flow will reach.
 */
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../support/http-client.ts';
import { type LocalSystem, startLocalSystem } from '../support/local-system.ts';
import { axeViolations, buildWebForTest, describeViolations, launchBrowser, newPhonePage, screenshot } from '../support/browser.ts';

let system: LocalSystem;
let browser: Browser;
let web: Awaited<ReturnType<typeof buildWebForTest>>;

beforeAll(async () => {
  web = await buildWebForTest();
  system = await startLocalSystem({ webDirectory: web.directory });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await system?.stop();
  await web?.remove();
});

/** The status label the API reports now: what the page must show once loaded. */
async function statusLabelOf(id: string, trackingToken: string): Promise<string> {
  const reply = await request<{ statusLabel: { zh: string } }>(system.baseUrl, 'GET', `/needs/${id}`, { headers: { 'x-tracking-token': trackingToken } });
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

  it('says why when a cancel comes too late, once the partner has started (need view stubbed to the documented contract)', async () => {
    const { page, close } = await newPhonePage(browser);
    const id = '5a0f3c2e-1b7d-4c8e-9f60-7d2e1c3b4a55';
    const token = 'stubbed-tracking-token-started-0001';
    let status = 'accepted';
    const view = () => ({
      id,
      status,
      statusLabel: status === 'accepted' ? { zh: '服务方已接单', en: 'Accepted' } : { zh: '服务进行中', en: 'In progress' },
      category: 'homeCare',
      communityId: 'taoyuan',
      urgency: 'normal',
      createdAt: '2026-11-20T01:00:00.000Z',
      updatedAt: '2026-11-20T02:00:00.000Z',
      timeline: [{ status: 'submitted', at: '2026-11-20T01:00:00.000Z', label: { zh: '已提交', en: 'Submitted' } }],
      partner: { name: { zh: '桃园居家照护站', en: 'Taoyuan Home Care' } },
      canCancel: status === 'accepted',
      canRate: false,
    });
    await page.route(`**/needs/${id}`, (route: Route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(view()) }),
    );
    await page.route(`**/needs/${id}/cancel`, (route: Route) => {
      status = 'started';
      return route.fulfill({
        status: 409,
        contentType: 'application/problem+json',
        body: JSON.stringify({ type: 'urn:community-partners:problem:conflict', title: 'Conflicts with the current state', status: 409 }),
      });
    });
    try {
      await page.goto(trackingUrl(id, token));
      await expect.poll(() => page.locator('#need-partner').textContent()).toBe('桃园居家照护站');
      await page.getByRole('button', { name: '取消这个需求' }).click();
      await page.getByRole('button', { name: '确定取消' }).click();
      await expect.poll(() => page.locator('#status-label').textContent()).toBe('服务进行中');
      expect(await page.locator('#action-notice').textContent()).toContain('服务已经开始了，不能在网上取消');
      expect(await page.getByRole('button', { name: '取消这个需求' }).isHidden()).toBe(true);
      expect(describeViolations(await axeViolations(page))).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);

  it('shows the partner once accepted and takes a rating when completed (need view stubbed to the documented contract)', async () => {
    const { page, errors, close } = await newPhonePage(browser);
    const id = '0b7c6c1e-5d2a-4f7e-9a51-3f1c2b9d8e11';
    const token = 'stubbed-tracking-token-0123456789';
    const at = (minutes: number) => new Date(Date.UTC(2026, 10, 20, 1, minutes)).toISOString();
    let rating: { stars: number; comment?: string; tags?: string[] } | undefined;
    const view = () => ({
      id,
      status: 'completed',
      statusLabel: { zh: '服务已完成', en: 'Completed' },
      category: 'repairs',
      communityId: 'hehua',
      gridId: 'hehua-2',
      urgency: 'normal',
      preferredWindow: { from: '2026-11-20T08:00:00+08:00', to: '2026-11-20T12:00:00+08:00' },
      createdAt: at(0),
      updatedAt: at(95),
      timeline: [
        ['submitted', '已提交', 0],
        ['offered', '正在联系服务方', 2],
        ['accepted', '服务方已接单', 10],
        ['started', '服务进行中', 60],
        ['completed', '服务已完成', 95],
      ].map(([status, zh, minutes]) => ({ status, at: at(Number(minutes)), label: { zh, en: String(status) } })),
      partner: { name: { zh: '荷花便民维修队', en: 'Hehua Handy Team' } },
      canCancel: false,
      canRate: !rating,
      ...(rating ? { rating } : {}),
    });
    const ratingBodies: unknown[] = [];
    await page.route(`**/needs/${id}`, (route: Route) => {
      expect(route.request().headers()['x-tracking-token']).toBe(token);
      return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(view()) });
    });
    await page.route(`**/needs/${id}/rating`, (route: Route) => {
      const body = route.request().postDataJSON();
      ratingBodies.push(body);
      rating = body;
      return route.fulfill({ status: 201, contentType: 'application/json', body: JSON.stringify({ needId: id, ...body }) });
    });
    try {
      await page.goto(trackingUrl(id, token));
      await expect.poll(() => page.locator('#status-label').textContent()).toBe('服务已完成');
      expect(await page.locator('#need-partner').textContent()).toBe('荷花便民维修队');
      expect(await page.locator('#timeline .timeline-label').allTextContents()).toEqual([
        '已提交',
        '正在联系服务方',
        '服务方已接单',
        '服务进行中',
        '服务已完成',
      ]);
      // 01:00 UTC is 09:00 in the district.
      expect(await page.locator('#timeline time').first().textContent()).toBe('11月20日周五 09:00');
      expect(await page.getByRole('button', { name: '取消这个需求' }).isHidden()).toBe(true);
      expect(await page.getByRole('heading', { name: '给这次服务打个分' }).isVisible()).toBe(true);
      expect(describeViolations(await axeViolations(page))).toEqual([]);
      await screenshot(page, 'track-phone-rating.png');

      await page.getByRole('button', { name: '提交评价' }).click();
      expect(await page.locator('#stars-error').textContent()).toContain('请选几颗星');
      expect(await page.locator('#stars-group').getAttribute('aria-describedby')).toContain('stars-error');
      expect(await activeElementId(page)).toBe('stars-5');
      expect(describeViolations(await axeViolations(page))).toEqual([]);

      await page.getByRole('radio', { name: '4 星 · 满意' }).check();
      expect(await page.locator('#stars-error').isHidden()).toBe(true);
      await page.getByRole('checkbox', { name: '准时' }).check();
      await page.getByRole('checkbox', { name: '手艺好' }).check();
      await page.getByLabel('还想说点什么？').fill('师傅很耐心，修得很好。');
      await page.getByRole('button', { name: '提交评价' }).click();
      await page.getByRole('heading', { name: '谢谢您的评价！' }).waitFor();
      expect(ratingBodies).toEqual([{ stars: 4, comment: '师傅很耐心，修得很好。', tags: ['onTime', 'skilled'] }]);
      expect(await activeElementId(page)).toBe('rating-done-heading');
      expect(await page.locator('#rating-done-stars').textContent()).toBe('您的评价：4 星');
      await expect.poll(() => page.locator('#rating-section').isHidden()).toBe(true);
      expect(describeViolations(await axeViolations(page))).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);
});
