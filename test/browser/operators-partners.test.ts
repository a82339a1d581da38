/**
 * Partners in the operators' console (/desk/#/partners) in headless Chromium at a desk's size,
 * against the real local system: the list filtered by status; an applied partner registered through
 * the API opened (its contact on the page, never in the address or title), a move without its reason
 * refused by the API at the reason field, then vetted and admitted with reasons (active through the
 * API, the reasons in its history); an active partner suspended with a reason after another
 * operator's change made the page stale (the 409 explained, the page reloaded); a login given by
 * phone with the API's answer shown (the partner can then get a token); a partner's notification
 * deliveries as the API lists them, then suspended with its offer open (taken back, and said so); the whole list paged with 加载更多 as the API pages it. axe-core finds nothing in any state; screenshots go to
 * test-results/desk-partners*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { startWebhookReceiver, type WebhookReceiver } from '#infra/local/webhook-receiver.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, describeViolations, fitsWidth, newPhonePage, screenshot, startBrowserSystem } from '../support/browser.ts';
import { request } from '../support/http-client.ts';
import type { LocalSystem } from '../support/local-system.ts';
import { submitNeedByApi } from './order-steps.ts';

let system: LocalSystem;
let browser: Browser;
let stopAll: (() => Promise<void>) | undefined;
let receiver: WebhookReceiver;
const desk = { viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false };

beforeAll(async () => {
  receiver = await startWebhookReceiver({ print: () => {} });
  ({ system, browser, stop: stopAll } = await startBrowserSystem());
}, 180_000);

afterAll(async () => {
  await stopAll?.();
  await receiver?.close();
});

interface PartnerAsApi {
  id: string;
  status: string;
  version: number;
  history: Array<{ from: string | null; to: string; reason: string; by: string }>;
}

async function asOperator<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const token = await system.issueToken('operator', 'op-other');
  return request<T>(system.baseUrl, method, path, { headers: { authorization: `Bearer ${token}` }, ...(body ? { body } : {}) });
}

async function registerPartner(name: string, phone: string, more: Record<string, unknown> = {}): Promise<string> {
  const created = await asOperator<{ id: string; status: string }>('POST', '/partners', {
    kind: 'business',
    name: { zh: name },
    capabilities: [
      { category: 'repairs', skillLevel: 3 },
      { category: 'housekeeping', skillLevel: 2 },
    ],
    serviceArea: { communities: ['hehua'] },
    capacity: 2,
    priceMode: 'lowCost',
    schedule: { alwaysAvailable: true },
    contact: { name: '店主老周', phone },
    ...more,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect(created.body.status).toBe('applied');
  return created.body.id;
}

async function moveByApi(partnerId: string, status: string, reason: string): Promise<void> {
  const moved = await asOperator('POST', `/partners/${partnerId}/status`, { status, reason });
  expect(moved.status, JSON.stringify(moved.body)).toBe(200);
}

async function partnerByApi(partnerId: string): Promise<PartnerAsApi> {
  const reply = await asOperator<PartnerAsApi>('GET', `/partners/${partnerId}`);
  expect(reply.status).toBe(200);
  return reply.body;
}

/** The partner app's sign-in (a code by SMS into the outbox), then GET /partners/me with the token; undefined when no code is sent. */
async function partnerSignIn(phone: string): Promise<{ status: number; body: { id?: string } } | undefined> {
  const before = system.outbox.list().length;
  expect((await request(system.baseUrl, 'POST', '/_local/sign-in/code', { body: { phone } })).status).toBe(202);
  const message = system.outbox
    .list()
    .slice(before)
    .find((entry) => entry.to === phone && entry.purpose === 'signInCode');
  const code = /(\d{6})/.exec(message?.text ?? '')?.[1];
  if (!code) return undefined;
  const token = await request<{ accessToken?: string }>(system.baseUrl, 'POST', '/_local/sign-in/token', { body: { phone, code } });
  if (token.status !== 200 || !token.body.accessToken) return { status: token.status, body: {} };
  return request<{ id?: string }>(system.baseUrl, 'GET', '/partners/me', {
    headers: { authorization: `Bearer ${token.body.accessToken}` },
  });
}

async function expectNoAxeViolations(page: Page, state: string): Promise<void> {
  expect(describeViolations(await axeViolations(page)), state).toEqual([]);
}

async function signIn(page: Page, hash: string): Promise<void> {
  await page.goto(`${system.baseUrl}/desk/${hash}`);
  await page.getByLabel('工作人员名称').fill('op-partners');
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

/** Sends an action form: the first press asks to confirm, the second sends. */
async function sendForm(page: Page, formId: string, submit: string): Promise<void> {
  const form = page.locator(`form#${formId}`);
  await form.getByRole('button', { name: submit, exact: true }).click();
  await form.getByText(/请确认：/).waitFor();
  await form.getByRole('button', { name: /^确认/ }).click();
}

describe("partners in the operators' console", () => {
  it('lists partners by status, opens an applied one, refuses a move without a reason, vets and admits it with reasons', async () => {
    const phone = '13912345601';
    const applicant = await registerPartner('老周家电维修', phone);
    const { page, errors, close } = await newPhonePage(browser, desk);
    try {
      await signIn(page, '#/partners');
      await page.getByRole('heading', { name: '合伙人', level: 1 }).waitFor();
      expect(await page.locator('#app-nav a[data-view="partners"]').getAttribute('aria-current')).toBe('page');
      await page.locator('tr[data-partner-id]').first().waitFor();
      // Unfiltered: the demo's active partners and the applicant.
      const allStatuses = await page
        .locator('tr[data-partner-id] td[data-status]')
        .evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-status')));
      expect(allStatuses).toContain('active');

      await page.getByLabel('状态').selectOption('applied');
      await page.getByRole('button', { name: '查询' }).click();
      await page.locator(`tr[data-partner-id="${applicant}"]`).waitFor();
      await page.locator('td[data-status="active"]').first().waitFor({ state: 'detached' });
      const row = page.locator(`tr[data-partner-id="${applicant}"]`);
      const rowText = await row.innerText();
      expect(rowText).toContain('老周家电维修');
      expect(rowText).toContain('商企');
      expect(rowText).toContain('荷花');
      expect(rowText).toContain('申请中');
      expect(rowText).not.toContain(phone);
      const filteredStatuses = await page
        .locator('tr[data-partner-id] td[data-status]')
        .evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-status')));
      expect(new Set(filteredStatuses)).toEqual(new Set(['applied']));
      await expectNoAxeViolations(page, 'partners filtered');
      await screenshot(page, 'desk-partners.png');

      // The partner's page: the contact on the page only.
      await row.getByRole('link', { name: '老周家电维修' }).click();
      await page.getByRole('heading', { name: '老周家电维修', level: 1 }).waitFor();
      expect(await page.getByRole('link', { name: phone }).getAttribute('href')).toBe(`tel:${phone}`);
      expect(page.url()).not.toContain(phone);
      expect(await page.title()).not.toContain(phone);
      expect(await page.title()).not.toContain('老周');
      expect(await page.locator('#profile-title + dl [data-status]').innerText()).toBe('申请中');
      const facts = await page.locator('#profile-title + dl').innerText();
      expect(facts).toMatch(/[1-6]级 (卓越|优秀|良好|合格|待改进|不合格)（综合分 \d\.\d\d）/);
      expect(facts).toContain('维修（技能3级）、家政（技能2级）');
      expect(facts).toContain('低偿');
      // Only the move `applied` allows.
      expect(await page.locator('form[id^="move-"]').evaluateAll((forms) => forms.map((form) => form.id))).toEqual(['move-vetted']);
      await expectNoAxeViolations(page, 'applied partner');
      await screenshot(page, 'desk-partners-applied.png');
      await page.setViewportSize({ width: 640, height: 900 });
      expect(await fitsWidth(page), 'the partner page reflows at 200 % zoom').toBe(true);
      await page.setViewportSize(desk.viewport);

      // No reason: the API's 400 names `reason`, shown at the reason field; nothing changed.
      await sendForm(page, 'move-vetted', '审核通过');
      const reasonField = page.locator('form#move-vetted').getByLabel(/原因/);
      await page.locator('form#move-vetted').getByText('请写明原因').waitFor();
      expect(await reasonField.getAttribute('aria-invalid')).toBe('true');
      expect(await page.evaluate<string>('document.activeElement ? document.activeElement.id : ""')).toBe('move-vetted-reason');
      expect((await partnerByApi(applicant)).status).toBe('applied');
      await expectNoAxeViolations(page, 'reason missing');
      await screenshot(page, 'desk-partners-reason-error.png');

      // Vetted, then admitted, each with its reason; the page shows the partner as the API has it.
      await reasonField.fill('备案和承诺书齐全，六级评估三级');
      await sendForm(page, 'move-vetted', '审核通过');
      await page.getByText('已改为“已审核，未启用”。').waitFor();
      await page.locator('form#move-active').waitFor();
      expect(await page.locator('#profile-title + dl [data-status]').innerText()).toBe('已审核，未启用');
      expect(await page.locator('form[id^="move-"]').evaluateAll((forms) => forms.map((form) => form.id))).toEqual([
        'move-active',
        'move-applied',
      ]);
      await page.locator('form#move-active').getByLabel(/原因/).fill('街道审核会同意启用');
      await sendForm(page, 'move-active', '启用');
      await page.locator('form#move-suspended').waitFor();
      expect(await page.locator('#profile-title + dl [data-status]').innerText()).toBe('启用');
      const history = await page.locator('#history-title + ol').innerText();
      expect(history).toContain('“已审核，未启用”改为“启用”：街道审核会同意启用（op-partners）');

      const admitted = await partnerByApi(applicant);
      expect(admitted.status).toBe('active');
      expect(admitted.history.slice(-2).map((event) => [event.from, event.to, event.reason])).toEqual([
        ['applied', 'vetted', '备案和承诺书齐全，六级评估三级'],
        ['vetted', 'active', '街道审核会同意启用'],
      ]);
      await expectNoAxeViolations(page, 'admitted partner');
      await screenshot(page, 'desk-partners-admitted.png');
      // Nothing went wrong in the page but the refusal the test provoked, which Chromium logs.
      expect(errors).toEqual(['console: Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    } finally {
      await close();
    }
  }, 120_000);

  it("suspends an active partner with a reason, after explaining another operator's change", async () => {
    const partnerId = await registerPartner('小李保洁', '13912345602');
    await moveByApi(partnerId, 'vetted', '材料齐全');
    await moveByApi(partnerId, 'active', '启用');
    const { page, errors, close } = await newPhonePage(browser, desk);
    try {
      await signIn(page, `#/partners/${partnerId}`);
      await page.locator('form#move-suspended').waitFor();
      const shownVersion = (await partnerByApi(partnerId)).version;

      // Another operator suspends and reinstates it meanwhile: the page's version is stale.
      await moveByApi(partnerId, 'suspended', '居民投诉，核实中');
      await moveByApi(partnerId, 'active', '核实无误');
      expect((await partnerByApi(partnerId)).version).toBeGreaterThan(shownVersion);
      await page.locator('form#move-suspended').getByLabel(/原因/).fill('本人申请暂停一个月');
      await sendForm(page, 'move-suspended', '暂停');
      await page.getByText('别人刚改过这位合伙人，页面已刷新，现在是“启用”。请看清后再操作。').waitFor();
      await page
        .locator('#history-title + ol')
        .getByText(/核实无误/)
        .waitFor();
      expect((await partnerByApi(partnerId)).status).toBe('active');
      await expectNoAxeViolations(page, 'stale version');
      await screenshot(page, 'desk-partners-stale.png');

      await page.locator('form#move-suspended').getByLabel(/原因/).fill('本人申请暂停一个月');
      await sendForm(page, 'move-suspended', '暂停');
      await page.getByText('已改为“已暂停”。').waitFor();
      expect(await page.locator('#profile-title + dl [data-status]').innerText()).toBe('已暂停');
      expect(await page.locator('form[id^="move-"]').evaluateAll((forms) => forms.map((form) => form.id))).toEqual(['move-resume']);
      const suspended = await partnerByApi(partnerId);
      expect(suspended.status).toBe('suspended');
      expect(suspended.history.at(-1)).toMatchObject({ from: 'active', to: 'suspended', reason: '本人申请暂停一个月' });
      await expectNoAxeViolations(page, 'suspended partner');
      await screenshot(page, 'desk-partners-suspended.png');
      expect(errors).toEqual(['console: Failed to load resource: the server responded with a status of 409 (Conflict)']);
    } finally {
      await close();
    }
  }, 120_000);

  it("gives a partner its login by phone and shows the API's answer", async () => {
    const phone = '13912345603';
    const partnerId = await registerPartner('王师傅开锁', phone);
    // No login yet: no sign-in code goes to that number.
    expect(await partnerSignIn(phone)).toBeUndefined();
    const { page, errors, close } = await newPhonePage(browser, desk);
    try {
      await signIn(page, `#/partners/${partnerId}`);
      const form = page.locator('form#login');
      await form.waitFor();
      const phoneField = form.getByLabel('手机号');
      expect(await phoneField.inputValue()).toBe(phone);

      // A bad number: the API's 400 at the phone field.
      await phoneField.fill('12345');
      await sendForm(page, 'login', '开通登录');
      await form.getByText('请填写11位手机号').waitFor();
      expect(await phoneField.getAttribute('aria-invalid')).toBe('true');
      await expectNoAxeViolations(page, 'login phone refused');

      await phoneField.fill(phone);
      await sendForm(page, 'login', '开通登录');
      const answer = form.getByRole('status').filter({ hasText: '已开通' });
      await answer.waitFor();
      const answerText = await answer.innerText();
      expect(answerText).toContain(phone);
      expect(answerText).toMatch(/用户标识 [0-9a-f-]{36}/);
      // The partner signs in with a code sent to that number and acts as itself.
      const me = await partnerSignIn(phone);
      expect(me?.status).toBe(200);
      expect(me?.body.id).toBe(partnerId);
      await expectNoAxeViolations(page, 'login given');
      await screenshot(page, 'desk-partners-login.png');
      expect(errors).toEqual(['console: Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    } finally {
      await close();
    }
  }, 120_000);

  it("shows a partner's notification deliveries as the API lists them", async () => {
    // A tailor (no demo partner tailors) whose webhook is the local receiver: the only candidate.
    const partnerId = await registerPartner('张阿姨缝补', '13912345604', {
      capabilities: [{ category: 'tailoring', skillLevel: 3 }],
      notificationChannels: [
        {
          type: 'webhook',
          url: `${receiver.url}/webhooks/tailor`,
          secret: `whsec_${Buffer.from('tailor-secret-0123456789abcdef').toString('base64')}`,
        },
      ],
    });
    await moveByApi(partnerId, 'vetted', '材料齐全');
    await moveByApi(partnerId, 'active', '启用');
    const need = await submitNeedByApi(system, {
      category: 'tailoring',
      description: '被罩破了一个口子，想请人缝补',
      communityId: 'hehua',
      gridId: 'hehua-2',
      contact: { name: '钱阿姨', phone: '13700137001' },
    });
    const listed = await asOperator<{ deliveries: Array<{ status: string; channelType: string }> }>(
      'GET',
      `/partners/${partnerId}/deliveries`,
    );
    expect(listed.status).toBe(200);
    expect(listed.body.deliveries).toEqual([expect.objectContaining({ channelType: 'webhook', status: 'delivered' })]);
    const { page, errors, close } = await newPhonePage(browser, desk);
    try {
      await signIn(page, `#/partners/${partnerId}`);
      const rows = page.locator('section[aria-labelledby="deliveries-title"] tbody tr');
      await rows.first().waitFor();
      expect(await rows.count()).toBe(1);
      const row = await rows.first().innerText();
      expect(row).toContain('新派单');
      expect(row).toContain(`${receiver.url}/webhooks/tailor`);
      expect(row).toContain('已送达');
      expect(row).toContain('HTTP 200');
      await expectNoAxeViolations(page, 'deliveries');
      await screenshot(page, 'desk-partners-deliveries.png');

      // Suspended while its offer is open: the offer is taken back, and the page says so.
      await page.locator('form#move-suspended').getByLabel(/原因/).fill('店里装修，暂停接单');
      await sendForm(page, 'move-suspended', '暂停');
      await page.getByText('已改为“已暂停”。收回了1个待答复的派单；0个还没开始的订单已重新派单，0个进行中的订单已转人工处理。').waitFor();
      const offers = await asOperator<{ offers: Array<{ partnerId: string; status: string }> }>('GET', `/needs/${need.id}/offers`);
      expect(offers.body.offers.find((offer) => offer.partnerId === partnerId)?.status).toBe('revoked');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);

  it('pages through the whole list with 加载更多, as the API pages it', async () => {
    const all = await asOperator<{ items: Array<{ id: string }>; cursor?: string }>('GET', '/partners?limit=100');
    expect(all.body.cursor).toBeUndefined();
    // More than one page of 25.
    for (let n = all.body.items.length; n < 30; n += 1) await registerPartner(`翻页测试${n}`, `139123457${String(n).padStart(2, '0')}`);
    const ids = (await asOperator<{ items: Array<{ id: string }> }>('GET', '/partners?limit=100')).body.items.map((item) => item.id);
    expect(ids.length).toBeGreaterThanOrEqual(30);
    const { page, errors, close } = await newPhonePage(browser, desk);
    try {
      await signIn(page, '#/partners');
      const rows = page.locator('tr[data-partner-id]');
      await rows.first().waitFor();
      expect(await rows.count()).toBeLessThanOrEqual(25);
      const more = page.getByRole('button', { name: '加载更多' });
      for (let pages = 0; pages < 5 && (await more.count()) > 0; pages += 1) {
        const before = await rows.count();
        await more.click();
        await page.locator(`tr[data-partner-id]:nth-child(${before + 1})`).waitFor();
      }
      expect(await more.count()).toBe(0);
      const shown = await rows.evaluateAll((cells) => cells.map((row) => row.getAttribute('data-partner-id')));
      expect(shown.sort()).toEqual([...ids].sort());
      await expectNoAxeViolations(page, 'partners paged');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);
});
