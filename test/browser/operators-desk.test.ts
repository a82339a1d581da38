/**
 * The operators' console (/desk/) in headless Chromium at a desk's size (1280 px), against the real
 * local system: sign in by name (as `npm run token -- operator <name>`), the escalated need in the
 * worklist, its page with the matcher's explanation; assign it to a partner that fails a constraint
 * (the API's 409 shown at the partner, its 400 for a missing override reason at the reason, then
 * assigned with the reason: the partner has the offer); close another need with an outcome; the
 * needs list filtered; the supply-demand figures; sign out. A low rating's follow-up recorded from
 * the worklist; a public problem referred to a co-building unit and closed by its answer (opened
 * from a link while signed out, with dates in Chinese though the resident pages were last in
 * English); an escalated need sent back to matching, escalated again with the operator's note on
 * its step. In a Cognito district, the operators' pool's sign-in (new password, authenticator
 * enrolment, TOTP) against Cognito's API faked where the browser calls it. axe-core finds nothing in
 * any view or state; screenshots go to test-results/desk-*.png.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityRecord, fitsWidth, newPhonePage, startBrowserSystem } from '../support/browser.ts';
import { fakeOidcIssuer } from '../support/fake-oidc-issuer.ts';
import { request } from '../support/http-client.ts';
import type { LocalSystem } from '../support/local-system.ts';
import { hehuaEscort, partnerOf, submitNeedByApi } from './order-steps.ts';

let system: LocalSystem;
let browser: Browser;
let stopAll: (() => Promise<void>) | undefined;
const record = accessibilityRecord('desk-axe.json', 'desk-');
const desk = { viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false };
const residentPhone = '13700001234';

beforeAll(async () => {
  ({ system, browser, stop: stopAll } = await startBrowserSystem());
}, 180_000);

afterAll(async () => {
  await stopAll?.();
  await record.write();
});

const expectNoAxeViolations = record.expectNoViolations;
const shot = record.shot;

async function asOperator<T>(method: string, path: string): Promise<T> {
  const token = await system.issueToken('operator', 'op-check');
  const reply = await request<T>(system.baseUrl, method, path, { headers: { authorization: `Bearer ${token}` } });
  expect(reply.status).toBe(200);
  return reply.body;
}

/** A repair in grid hehua-1, which no repair partner serves: the cascade escalates it. */
const escalatingRepair = {
  category: 'repairs',
  description: '厨房水龙头一直滴水',
  communityId: 'hehua',
  gridId: 'hehua-1',
  contact: { name: '赵秀兰', phone: residentPhone },
};
const publicIssue = {
  category: 'publicIssue',
  description: '小区门口下水道堵了',
  communityId: 'hehua',
  contact: { name: '钱师傅', phone: '13700005678' },
};

describe("the operators' console at a desk", () => {
  it('signs in, works the escalated need from the worklist (assign with an override), closes another, filters the needs and shows the figures', async () => {
    const repair = await submitNeedByApi(system, escalatingRepair);
    const issue = await submitNeedByApi(system, publicIssue);
    expect((await asOperator<{ status: string }>('GET', `/needs/${repair.id}/offers`)).status).toBe('escalated');

    const { page, errors, close } = await newPhonePage(browser, desk);
    try {
      await page.goto(`${system.baseUrl}/desk/`);
      await page.getByRole('heading', { name: '工作人员登录' }).waitFor();
      await expectNoAxeViolations(page, 'sign-in');
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await page.getByText('请填写工作人员名称').waitFor();
      expect(await page.getByLabel('工作人员名称').getAttribute('aria-invalid')).toBe('true');
      await expectNoAxeViolations(page, 'sign-in with an error');
      await shot(page, 'sign-in-error');
      await page.getByLabel('工作人员名称').fill('op-desk');
      await page.getByRole('button', { name: '登录', exact: true }).click();

      // The worklist: both escalated needs, oldest first, with reason, community and category.
      await page.getByRole('heading', { name: '待办', level: 1 }).waitFor();
      const repairRow = page.locator(`tr[data-need-id="${repair.id}"]`);
      await repairRow.waitFor();
      const rowText = await repairRow.innerText();
      expect(rowText).toContain('荷花');
      expect(rowText).not.toContain(residentPhone);
      expect(await page.locator('tr[data-need-id]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-need-id')))).toEqual(
        expect.arrayContaining([repair.id, issue.id]),
      );
      await expectNoAxeViolations(page, 'worklist');
      await shot(page, 'worklist');

      // The need's page: the resident's phone is on the page, never in the address or the title.
      await repairRow.getByRole('link').click();
      await page.locator('#summary-title').waitFor();
      expect(await page.locator('[data-status]').innerText()).toContain('待人工处理');
      expect(await page.getByRole('link', { name: residentPhone }).getAttribute('href')).toBe(`tel:${residentPhone}`);
      expect(page.url()).not.toContain(residentPhone);
      expect(await page.title()).not.toContain(residentPhone);
      expect(await page.title()).not.toContain('赵秀兰');
      await expectNoAxeViolations(page, 'need');
      await shot(page, 'need');
      await page.setViewportSize({ width: 640, height: 900 });
      expect(await fitsWidth(page), 'the need page reflows at 200 % zoom').toBe(true);
      await page.setViewportSize(desk.viewport);

      // Assign to 李建国, who does not serve that grid: the API's 409 names the constraint at the partner field.
      const assign = page.locator('form#assign');
      await assign.getByLabel('合伙人').selectOption('demo-li-jianguo');
      await assign.getByRole('button', { name: '指派', exact: true }).click();
      await assign.getByText(/请确认：把这条需求派给/).waitFor();
      await assign.getByRole('button', { name: '确认指派' }).click();
      await assign.getByText(/这位合伙人不符合派单条件：服务范围没覆盖/).waitFor();
      expect(await assign.getByLabel('合伙人').getAttribute('aria-invalid')).toBe('true');

      // An override without its reason: the API's 400 names `reason`, shown at the reason field.
      await assign.getByLabel('仍然指派').check();
      await assign.getByRole('button', { name: '指派', exact: true }).click();
      await assign.getByRole('button', { name: '确认指派' }).click();
      const reasonError = assign.locator('#assign-reason-error');
      await reasonError.waitFor();
      expect(await reasonError.innerText()).toBe('勾选“仍然指派”时，请写明破例原因');
      expect(await assign.getByLabel('破例原因').getAttribute('aria-describedby')).toContain('assign-reason-error');
      await expectNoAxeViolations(page, 'need with an API error at its field');
      await shot(page, 'assign-error');

      await assign.getByLabel('破例原因').fill('隔壁网格，李师傅说可以跑一趟');
      await assign.getByRole('button', { name: '指派', exact: true }).click();
      await assign.getByRole('button', { name: '确认指派' }).click();
      await page.locator(`article[data-offer-id="${repair.id}.1"]`).waitFor();
      await expect.poll(() => page.locator('#announce').innerText()).toContain('已派给');
      expect(await page.locator('[data-status]').innerText()).toContain('已派单');
      expect(await page.locator(`article[data-offer-id="${repair.id}.1"]`).innerText()).toContain('隔壁网格，李师傅说可以跑一趟');
      await expectNoAxeViolations(page, 'need, assigned');
      await shot(page, 'assigned');
      const assigned = await asOperator<{
        status: string;
        offers: Array<{ partnerId: string; status: string; explanation: { assignedBy?: { by: string } } }>;
      }>('GET', `/needs/${repair.id}/offers`);
      expect(assigned.status).toBe('offered');
      expect(assigned.offers).toEqual([
        expect.objectContaining({
          partnerId: 'demo-li-jianguo',
          status: 'open',
          explanation: expect.objectContaining({ assignedBy: expect.objectContaining({ by: 'op-desk' }) }),
        }),
      ]);
      // And the partner has the offer.
      const li = await system.issueToken('partner', 'demo-li-jianguo');
      const offers = await request<{ offers: Array<{ id: string }> }>(system.baseUrl, 'GET', '/partners/me/offers', {
        headers: { authorization: `Bearer ${li}` },
      });
      expect(offers.body.offers.map((offer) => offer.id)).toContain(`${repair.id}.1`);

      // Close the public problem as a duplicate.
      await page.getByRole('link', { name: '返回待办' }).click();
      await page.locator(`tr[data-need-id="${issue.id}"]`).getByRole('link').click();
      await page.locator('form#close').waitFor();
      const closeForm = page.locator('form#close');
      await closeForm.getByLabel('结束原因').selectOption('duplicate');
      await closeForm.getByLabel(/备注/).fill('同一下水道，已并入另一条');
      await closeForm.getByRole('button', { name: '结束需求' }).click();
      await closeForm.getByText(/请确认：结束后不能再派单/).waitFor();
      await expectNoAxeViolations(page, 'close, confirming');
      await closeForm.getByRole('button', { name: '确认结束' }).click();
      await expect.poll(() => page.locator('[data-status]').innerText()).toContain('已结束');
      const closed = await asOperator<{ status: string; closure: { outcome: string; note: string; by: string } }>(
        'GET',
        `/needs/${issue.id}/offers`,
      );
      expect(closed.status).toBe('closed');
      expect(closed.closure).toMatchObject({ outcome: 'duplicate', note: '同一下水道，已并入另一条', by: 'op-desk' });
      expect(await page.locator('form#close').count()).toBe(0);

      // The needs list, filtered by status.
      await page.getByRole('link', { name: '全部需求' }).click();
      await page.getByRole('heading', { name: '全部需求', level: 1 }).waitFor();
      await page.getByLabel('状态').selectOption('closed');
      await page.getByRole('button', { name: '查询' }).click();
      await page.locator(`tr[data-need-id="${issue.id}"]`).waitFor();
      await expect.poll(() => page.locator('tr[data-need-id]').count()).toBe(1);
      await expectNoAxeViolations(page, 'needs list');
      await shot(page, 'needs');

      // The figures: the supply-demand report as tables.
      await page.getByRole('link', { name: '供需统计' }).click();
      await page.getByRole('heading', { name: '按服务类别' }).waitFor();
      const repairsRow = page
        .locator('table.figures')
        .first()
        .locator('tr', { has: page.getByRole('rowheader', { name: '维修' }) });
      expect(await repairsRow.count()).toBeGreaterThan(0);
      await expectNoAxeViolations(page, 'figures');
      await shot(page, 'figures');

      // Signed in across a reload; signed out on request.
      await page.reload();
      await page.getByRole('heading', { name: '供需统计', level: 1 }).waitFor();
      await page.getByRole('button', { name: '退出登录' }).click();
      await page.getByRole('heading', { name: '工作人员登录' }).waitFor();
      expect(await page.evaluate(() => localStorage.getItem('community-partners.desk-session'))).toBeNull();
      // Nothing went wrong in the page but the two refusals the test provoked, which Chromium logs.
      expect(errors).toEqual([
        'console: Failed to load resource: the server responded with a status of 409 (Conflict)',
        'console: Failed to load resource: the server responded with a status of 400 (Bad Request)',
      ]);
    } finally {
      await close();
    }
  });
});

describe('the follow-up of a low rating', () => {
  it('is listed with what, where and who, and recorded from the worklist', async () => {
    const need = await submitNeedByApi(system, hehuaEscort());
    const partner = await partnerOf(system);
    await partner.accept(need.id);
    await partner.start(need.id);
    await partner.complete(need.id);
    const rated = await request(system.baseUrl, 'POST', `/needs/${need.id}/rating`, {
      headers: { 'x-tracking-token': need.trackingToken },
      body: { stars: 2, comment: '来晚了半小时' },
    });
    expect(rated.status).toBe(201);
    await system.poller.drain();

    const { page, errors, close } = await newPhonePage(browser, desk);
    try {
      await page.goto(`${system.baseUrl}/desk/`);
      await page.getByLabel('工作人员名称').fill('op-follow');
      await page.getByRole('button', { name: '登录', exact: true }).click();
      const row = page.locator(`#follow-ups-title ~ div tr[data-need-id="${need.id}"]`);
      await row.waitFor();
      const text = await row.innerText();
      expect(text).toContain('2 ★');
      expect(text).toContain('来晚了半小时');
      expect(text).toContain('陪诊');
      expect(text).toContain('荷花社区党员志愿服务队');
      expect(text).toContain('80岁以上老人');
      expect(text).not.toContain('13800138000');
      await row.getByRole('link').click();
      const form = page.locator('form#follow-up');
      await form.waitFor();
      await expectNoAxeViolations(page, 'need with its follow-up');
      await form.getByLabel('回访结果').selectOption('explained');
      await form.getByRole('button', { name: '记录回访' }).click();
      await form.getByRole('button', { name: '确认记录' }).click();
      await expect.poll(() => page.locator('#announce').innerText()).toContain('回访已记录');
      expect(await page.locator('form#follow-up').count()).toBe(0);
      const left = await asOperator<{ followUps: Array<{ needId: string }> }>('GET', '/follow-ups');
      expect(left.followUps.map((followUp) => followUp.needId)).not.toContain(need.id);
      await page.getByRole('link', { name: '待办', exact: true }).click();
      await page.getByText('现在没有待回访的差评。').waitFor();
      // At 200 % zoom (640 CSS px) the page reflows; only a wide table scrolls, inside its own box.
      await page.setViewportSize({ width: 640, height: 900 });
      expect(await fitsWidth(page)).toBe(true);
      await shot(page, 'worklist-zoom-200');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe('a public problem referred to a co-building unit', () => {
  it("refers it to the unit whose topics match, then records the unit's answer, which closes it", async () => {
    const token = await system.issueToken('operator', 'op-units');
    const unit = await request<{ id: string }>(system.baseUrl, 'POST', '/units', {
      headers: { authorization: `Bearer ${token}` },
      body: { name: '东城街道市政维修站', kind: 'government', contact: { name: '刘站长', phone: '0571-8888 1234' }, topics: ['publicIssue'] },
    });
    expect(unit.status, JSON.stringify(unit.body)).toBe(201);
    const issue = await submitNeedByApi(system, {
      ...publicIssue,
      description: '路灯坏了一个星期',
      contact: { name: '孙老师', phone: '13700009876' },
    });

    const { page, errors, close } = await newPhonePage(browser, desk);
    try {
      // This browser last showed the resident pages in English: the console stays Chinese, dates too.
      await page.addInitScript(() => localStorage.setItem('community-services.lang', 'en'));
      await page.goto(`${system.baseUrl}/desk/#/needs/${issue.id}`);
      await page.getByLabel('工作人员名称').fill('op-units');
      await page.getByRole('button', { name: '登录', exact: true }).click();
      const refer = page.locator('form#refer');
      await refer.waitFor();
      expect(await page.locator('main').innerText()).toMatch(/\d{1,2}月\d{1,2}日周/);
      // The units whose topics match come first: this one and the demo's city management squad, in
      // the API's order (by id), then the others.
      const offered = await refer.locator('select option').evaluateAll((options) => options.map((option) => option.getAttribute('value') ?? ''));
      expect(offered.slice(1, 3).sort()).toEqual([unit.body.id, 'demo-unit-chengguan'].sort());
      expect(offered.length).toBeGreaterThan(3);
      await refer.getByLabel('共建单位').selectOption(unit.body.id);
      await refer.getByRole('button', { name: '转交', exact: true }).click();
      await refer.getByRole('button', { name: '确认转交' }).click();
      await expect.poll(() => page.locator('[data-status]').innerText()).toContain('已转交共建单位');
      const reply = page.locator('form#reply');
      await reply.waitFor();
      await expectNoAxeViolations(page, 'need, referred');
      await reply.getByLabel('答复结果').selectOption('resolved');
      await reply.getByRole('button', { name: '登记答复' }).click();
      await reply.getByRole('button', { name: '确认登记' }).click();
      await expect.poll(() => page.locator('[data-status]').innerText()).toContain('已结束');
      const closed = await asOperator<{ status: string; referral: { unitId: string; reply: { outcome: string; by: string } } }>(
        'GET',
        `/needs/${issue.id}/offers`,
      );
      expect(closed).toMatchObject({
        status: 'closed',
        referral: { unitId: unit.body.id, reply: { outcome: 'resolved', by: 'op-units' } },
      });
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe('a need sent back to matching', () => {
  it('redispatches an escalated need from its page: the step is recorded with who did it and the note, and the cascade runs again', async () => {
    const repair = await submitNeedByApi(system, { ...escalatingRepair, description: '阳台水管漏水', contact: { name: '周阿姨', phone: '13700004321' } });
    expect((await asOperator<{ status: string }>('GET', `/needs/${repair.id}/offers`)).status).toBe('escalated');
    const { page, errors, close } = await newPhonePage(browser, desk);
    try {
      await page.goto(`${system.baseUrl}/desk/#/needs/${repair.id}`);
      await page.getByLabel('工作人员名称').fill('op-again');
      await page.getByRole('button', { name: '登录', exact: true }).click();
      const redispatch = page.locator('form#redispatch');
      await redispatch.waitFor();
      await redispatch.getByLabel('备注（可不填，居民看不到）').fill('已招募新的维修志愿者');
      await redispatch.getByRole('button', { name: '重新派单', exact: true }).click();
      await redispatch.getByRole('button', { name: '确认重新派单' }).click();
      await expect.poll(() => page.locator('#announce').innerText()).toContain('已送回自动派单');
      await system.poller.drain();
      const after = await asOperator<{ status: string; timeline: Array<{ action?: string; by?: string; note?: string }> }>(
        'GET',
        `/needs/${repair.id}/offers`,
      );
      expect(after.timeline).toContainEqual(expect.objectContaining({ action: 'redispatched', by: 'op-again', note: '已招募新的维修志愿者' }));
      // Still nobody serves that grid: the cascade escalates it again, with a reason, rather than leaving it waiting silently.
      expect(after.status).toBe('escalated');
      await expectNoAxeViolations(page, 'need, redispatched');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe("the console in a Cognito district: the operators' pool, MFA required", () => {
  it("takes a new operator through a new password and the authenticator's enrolment, then signs in again with the TOTP code", async () => {
    const { page, errors, close } = await newPhonePage(browser, desk);
    // Cognito's user pool API, faked where the browser calls it (answers shaped as the API reference
    // documents them); the tokens it hands out are local operator tokens, so the API accepts them.
    const region = 'ap-east-1';
    const sent: Array<{ operation: string; body: Record<string, unknown> }> = [];
    const accessToken = await system.signToken({ role: 'operator', id: '5f0c6a1e-operator-uuid' });
    let enrolled = false;
    const answer = (operation: string, body: Record<string, unknown>): { status: number; json: unknown } => {
      const challenge = body.ChallengeName;
      const responses = (body.ChallengeResponses ?? {}) as Record<string, string>;
      if (operation === 'InitiateAuth') {
        const parameters = body.AuthParameters as Record<string, string>;
        if (parameters.PASSWORD !== (enrolled ? 'A-much-better-Passw0rd!' : 'Temporary-Pass-1!'))
          return { status: 400, json: { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' } };
        return enrolled
          ? {
              status: 200,
              json: {
                ChallengeName: 'SOFTWARE_TOKEN_MFA',
                Session: 'session-totp',
                ChallengeParameters: { USER_ID_FOR_SRP: '5f0c6a1e-operator-uuid' },
              },
            }
          : {
              status: 200,
              json: {
                ChallengeName: 'NEW_PASSWORD_REQUIRED',
                Session: 'session-1',
                ChallengeParameters: {
                  USER_ID_FOR_SRP: '5f0c6a1e-operator-uuid',
                  requiredAttributes: '[]',
                  userAttributes: '{"email":"li@example.cn"}',
                },
              },
            };
      }
      if (
        operation === 'RespondToAuthChallenge' &&
        challenge === 'NEW_PASSWORD_REQUIRED' &&
        responses.NEW_PASSWORD === 'A-much-better-Passw0rd!'
      ) {
        return {
          status: 200,
          json: { ChallengeName: 'MFA_SETUP', Session: 'session-2', ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' } },
        };
      }
      if (operation === 'AssociateSoftwareToken' && body.Session === 'session-2')
        return { status: 200, json: { SecretCode: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', Session: 'session-3' } };
      if (operation === 'VerifySoftwareToken' && body.Session === 'session-3') {
        return body.UserCode === '246810'
          ? { status: 200, json: { Status: 'SUCCESS', Session: 'session-4' } }
          : { status: 400, json: { __type: 'EnableSoftwareTokenMFAException', message: 'Code mismatch' } };
      }
      const tokens = {
        AuthenticationResult: { AccessToken: accessToken, IdToken: 'id', RefreshToken: 'refresh-1', ExpiresIn: 3600, TokenType: 'Bearer' },
        ChallengeParameters: {},
      };
      if (operation === 'RespondToAuthChallenge' && challenge === 'MFA_SETUP' && body.Session === 'session-4') {
        enrolled = true;
        return { status: 200, json: tokens };
      }
      if (operation === 'RespondToAuthChallenge' && challenge === 'SOFTWARE_TOKEN_MFA' && responses.SOFTWARE_TOKEN_MFA_CODE === '135790')
        return { status: 200, json: tokens };
      return { status: 400, json: { __type: 'NotAuthorizedException', message: 'Invalid session' } };
    };
    const cors = {
      'access-control-allow-origin': '*',
      'access-control-allow-headers': 'content-type, x-amz-target',
      'access-control-allow-methods': 'POST',
    };
    await page.route(`${system.baseUrl}/desk/config.json`, (route) =>
      route.fulfill({ json: { signIn: { provider: 'cognito', region, clientId: 'operators-client' } } }),
    );
    await page.route(`https://cognito-idp.${region}.amazonaws.com/`, async (route) => {
      const request = route.request();
      if (request.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors });
      const operation = (request.headers()['x-amz-target'] ?? '').replace('AWSCognitoIdentityProviderService.', '');
      const body = (request.postDataJSON() ?? {}) as Record<string, unknown>;
      sent.push({ operation, body });
      const { status, json } = answer(operation, body);
      return route.fulfill({ status, headers: { ...cors, 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify(json) });
    });
    try {
      await page.goto(`${system.baseUrl}/desk/`);
      await page.getByLabel('邮箱').fill('li@example.cn');
      await page.getByLabel('密码', { exact: true }).fill('Temporary-Pass-1!');
      await expectNoAxeViolations(page, 'sign-in at the operators pool');
      await page.getByRole('button', { name: '下一步' }).click();
      await page.getByLabel('新密码').fill('A-much-better-Passw0rd!');
      await page.getByRole('button', { name: '下一步' }).click();

      // The authenticator's enrolment: the secret as text and as an otpauth:// link.
      await page.getByRole('link', { name: '在本机的身份验证器 App 中打开' }).waitFor();
      expect(await page.getByRole('link', { name: '在本机的身份验证器 App 中打开' }).getAttribute('href')).toBe(
        `otpauth://totp/${encodeURIComponent('社区合伙人 工作台')}:li%40example.cn?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=${encodeURIComponent('社区合伙人 工作台')}&algorithm=SHA1&digits=6&period=30`,
      );
      expect(await page.locator('code.secret').innerText()).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
      await page.getByLabel(/添加后，填写 App 显示的6位数字/).fill('000000');
      await page.getByRole('button', { name: '下一步' }).click();
      await page.getByText('动态码不对，请等App换一个新的数字后再填').waitFor();
      await expectNoAxeViolations(page, 'authenticator enrolment with a wrong code');
      await shot(page, 'cognito-enrolment');
      await page.getByLabel(/添加后，填写 App 显示的6位数字/).fill('246 810');
      await page.getByRole('button', { name: '下一步' }).click();
      await page.getByRole('heading', { name: '待办', level: 1 }).waitFor();
      expect(sent.map((entry) => `${entry.operation}${entry.body.ChallengeName ? ` ${entry.body.ChallengeName}` : ''}`)).toEqual([
        'InitiateAuth',
        'RespondToAuthChallenge NEW_PASSWORD_REQUIRED',
        'AssociateSoftwareToken',
        'VerifySoftwareToken',
        'VerifySoftwareToken',
        'RespondToAuthChallenge MFA_SETUP',
      ]);
      expect(sent[0]?.body).toMatchObject({
        AuthFlow: 'USER_AUTH',
        ClientId: 'operators-client',
        AuthParameters: { USERNAME: 'li@example.cn', PREFERRED_CHALLENGE: 'PASSWORD' },
      });
      const stored = JSON.parse((await page.evaluate(() => localStorage.getItem('community-partners.desk-session'))) ?? '{}') as {
        accessToken?: string;
        refreshToken?: string;
      };
      expect(stored).toMatchObject({ accessToken, refreshToken: 'refresh-1' });

      // Next time: the password, then the authenticator's code.
      await page.getByRole('button', { name: '退出登录' }).click();
      await page.getByLabel('邮箱').fill('li@example.cn');
      await page.getByLabel('密码', { exact: true }).fill('A-much-better-Passw0rd!');
      await page.getByRole('button', { name: '下一步' }).click();
      await page.getByLabel('身份验证器动态码').fill('135790');
      await expectNoAxeViolations(page, 'the TOTP step');
      await page.getByRole('button', { name: '下一步' }).click();
      await page.getByRole('heading', { name: '待办', level: 1 }).waitFor();
      expect(errors.filter((error) => !error.includes('status of 400'))).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe('the console in a district signing in with another OpenID Connect issuer', () => {
  it('signs in through the issuer with the authorization code flow and PKCE, and comes back to the view it was opened at', async () => {
    const { page, errors, close } = await newPhonePage(browser, desk);
    const fake = await fakeOidcIssuer(page, system.baseUrl, {
      clientId: 'district-staff',
      token: () => system.signToken({ role: 'operator', id: 'oidc-operator' }),
    });
    await page.route(`${system.baseUrl}/desk/config.json`, (route) =>
      route.fulfill({ json: { signIn: { provider: 'oidc', issuer: fake.issuer, clientId: 'district-staff' } } }),
    );
    try {
      await page.goto(`${system.baseUrl}/desk/#/figures`);
      await page.getByRole('button', { name: '去统一身份认证登录' }).waitFor();
      await expectNoAxeViolations(page, 'sign-in with an OpenID Connect issuer');
      await page.getByRole('button', { name: '去统一身份认证登录' }).click();
      await page.getByRole('heading', { name: '供需统计', level: 1 }).waitFor();
      expect(fake.verified()).toBe(true);
      expect(new URL(page.url()).search).toBe('');
      expect(new URL(page.url()).hash).toBe('#/figures');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
