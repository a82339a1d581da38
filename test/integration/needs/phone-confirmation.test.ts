/**
 * A new phone number confirms a one-time SMS code before its need is matched, through HTTP on
 * DynamoDB Local with the district's rule on (as in production and `npm start`): the code comes
 * from the local outbox; wrong codes, used-up tries and early resends are refused; a seen phone,
 * a keyed Open311 client and an operator's redispatch go to matching without a code; a need never
 * confirmed is closed with its reason by the watchdog's schedule. Only hashes are stored.
 */
import { createHash } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hehuaEscort } from '../../support/escort-need.ts';
import { request } from '../../support/http-client.ts';
import { type LocalSystem, liftedSubmissionLimits, startLocalSystem } from '../../support/local-system.ts';

const hotlineKey = 'hotline-12345-key';
let system: LocalSystem;
let operatorToken: string;
let clock: typeof import('#lib/common/clock.ts');

beforeAll(async () => {
  system = await startLocalSystem({
    configureDistrict: (district) => ({
      ...district,
      // The rule under test on, with the district's defaults; the other limits lifted as elsewhere.
      submissions: { ...liftedSubmissionLimits, confirmNewPhones: true },
      open311: { apiKeySha256: [createHash('sha256').update(hotlineKey).digest('hex')] },
    }),
  });
  operatorToken = await system.issueToken('operator', 'op-1');
  clock = await import('#lib/common/clock.ts');
}, 120_000);

afterEach(() => clock.useClock(undefined));

afterAll(async () => {
  await system?.stop();
});

let phoneSerial = 0;
const newPhone = () => `1370000${String(2000 + phoneSerial++).padStart(4, '0')}`;
const needFrom = (phone: string) => ({ ...hehuaEscort(), contact: { name: '赵奶奶', phone } });

type Confirmation = { sentTo: string; expiresAt: string; triesLeft: number; codesLeft: number; resendAfterSeconds?: number };
type Submitted = { id: string; trackingToken: string; status: string; confirmation?: Confirmation };
type Problem = { status: number; code?: string; detail?: string; errors?: Array<{ field: string; code: string; detail: string }>; current?: { status: string } };

async function submit(phone: string): Promise<Submitted> {
  const reply = await request<Submitted>(system.baseUrl, 'POST', '/needs', { body: needFrom(phone) });
  expect(reply.status).toBe(201);
  return reply.body;
}

const confirm = (need: Submitted, body: unknown, token = need.trackingToken) =>
  request<Problem & { status: string; confirmation?: Confirmation }>(system.baseUrl, 'POST', `/needs/${need.id}/confirmation`, {
    body,
    headers: { 'x-tracking-token': token },
  });

const track = (need: Submitted) =>
  request<{ status: string; statusLabel: { zh: string }; confirmation?: Confirmation; closure?: { outcome: string; label: { zh: string } }; timeline: Array<{ reason?: string }> }>(
    system.baseUrl,
    'GET',
    `/needs/${need.id}`,
    { headers: { 'x-tracking-token': need.trackingToken } },
  );

const offersOf = async (needId: string) =>
  (await request<{ offers: Array<{ status: string }> }>(system.baseUrl, 'GET', `/needs/${needId}/offers`, { headers: { authorization: `Bearer ${operatorToken}` } })).body
    .offers;

/** The codes texted to `phone`: the text outbox's sender texts them from the stream, once drained. */
const codesTo = async (phone: string) => {
  await system.poller.drain();
  return system.outbox
    .list()
    .filter((message) => message.to === phone && message.purpose === 'phoneConfirmation')
    .map((message) => /验证码：(\d{6})/.exec(message.text)?.[1] ?? '');
};

/** The clock the system reads, `seconds` from now (the phone's day counters keep working). */
function moveClock(seconds: number): Date {
  const at = new Date(Date.now() + seconds * 1000);
  clock.useClock(() => at);
  return at;
}

describe('a phone number not seen before', () => {
  it('waits for its code: no offer until confirmed, then the need is offered', async () => {
    const phone = newPhone();
    const need = await submit(phone);
    expect(need.status).toBe('awaitingConfirmation');
    expect(need.confirmation).toMatchObject({ sentTo: '137****' + phone.slice(-4), triesLeft: 5, codesLeft: 3, resendAfterSeconds: 60 });
    await system.poller.drain();
    expect(await offersOf(need.id)).toEqual([]);
    const page = await track(need);
    expect(page.body).toMatchObject({ status: 'awaitingConfirmation', statusLabel: { zh: '等待短信验证' }, confirmation: { triesLeft: 5 } });

    const [code] = await codesTo(phone);
    expect(code).toMatch(/^\d{6}$/);
    const wrong = code === '000000' ? '000001' : '000000';
    const refused = await confirm(need, { code: wrong });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'code', code: 'mismatch', detail: expect.stringContaining('还可以再试 4 次') })]);
    expect((await track(need)).body.confirmation?.triesLeft).toBe(4);

    const confirmed = await confirm(need, { code });
    expect(confirmed.status).toBe(200);
    // Confirmed, and handed to matching through the stream: the resident is not kept waiting for it.
    expect(confirmed.body.status).toBe('submitted');
    await system.poller.drain();
    expect((await track(need)).body.status).toBe('offered');
    expect((await offersOf(need.id)).map((offer) => offer.status)).toEqual(['open']);
    expect((await track(need)).body.confirmation).toBeUndefined();

    // Confirmed once: the answer is the state, not a second confirmation.
    const again = await confirm(need, { code });
    expect(again.status).toBe(409);
    expect(again.body.current).toEqual({ status: 'offered' });
  });

  it('answers a retried submit (same Idempotency-Key) with the same need and its code step, sending no second code', async () => {
    const phone = newPhone();
    const send = () => request<Submitted>(system.baseUrl, 'POST', '/needs', { body: needFrom(phone), headers: { 'idempotency-key': `retry-${phone}-key-0001` } });
    const first = await send();
    const retried = await send();
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.body).toMatchObject({ id: first.body.id, trackingToken: first.body.trackingToken, status: 'awaitingConfirmation' });
    expect(retried.body.confirmation).toMatchObject({ sentTo: first.body.confirmation?.sentTo, triesLeft: 5, codesLeft: 3 });
    expect(await codesTo(phone)).toHaveLength(1);
  });

  it('keeps only hashes: no code and no phone number in clear in the code and seen-phone records', async () => {
    const phone = newPhone();
    const need = await submit(phone);
    const [code] = await codesTo(phone);
    expect((await confirm(need, { code })).status).toBe(200);
    const { documentClient } = await import('#lib/data/dynamo-client.ts');
    const items = (await documentClient.send(new ScanCommand({ TableName: system.tableName }))).Items ?? [];
    const records = items.filter((item) => ['pendingCode', 'seenPhone', 'phoneCodeCount'].includes(String(item.type)));
    expect(records.map((item) => item.type)).toEqual(expect.arrayContaining(['seenPhone', 'phoneCodeCount']));
    for (const item of records) {
      const text = JSON.stringify(item);
      expect(text).not.toContain(phone);
      expect(text).not.toContain(`"${code}"`);
    }
  });

  it('is remembered once confirmed: its next need goes straight to matching', async () => {
    const phone = newPhone();
    const first = await submit(phone);
    expect((await confirm(first, { code: (await codesTo(phone))[0] })).status).toBe(200);
    const next = await request<Submitted>(system.baseUrl, 'POST', '/needs', { body: { ...needFrom(phone), category: 'repairs', description: '水龙头漏水' } });
    expect(next.status).toBe(201);
    expect(next.body.status).toBe('submitted');
    expect(next.body.confirmation).toBeUndefined();
    expect(await codesTo(phone)).toHaveLength(1);
    await system.poller.drain();
    expect((await track(next.body)).body.status).not.toBe('awaitingConfirmation');
    expect((await track(next.body)).body.status).not.toBe('submitted');
  });

  it('refuses the code after 5 wrong tries (429) until another code is sent, after the cool-down', async () => {
    const phone = newPhone();
    const need = await submit(phone);
    const [code] = await codesTo(phone);
    const wrong = code === '999999' ? '999998' : '999999';
    for (let attempt = 4; attempt >= 0; attempt--) {
      const reply = await confirm(need, { code: wrong });
      expect(reply.status).toBe(400);
      expect(reply.body.errors?.[0]?.detail).toContain(attempt > 0 ? `还可以再试 ${attempt} 次` : '已不能再用');
    }
    const usedUp = await confirm(need, { code });
    expect(usedUp.status).toBe(429);
    expect(usedUp.body.code).toBe('code_tries_used');

    const early = await confirm(need, { resend: true });
    expect(early.status).toBe(429);
    expect(early.body.code).toBe('code_cool_down');
    expect(Number(early.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(early.headers.get('retry-after'))).toBeLessThanOrEqual(60);

    moveClock(61);
    const resent = await confirm(need, { resend: true });
    expect(resent.status).toBe(202);
    expect(resent.body.confirmation).toMatchObject({ triesLeft: 5, codesLeft: 2 });
    const codes = await codesTo(phone);
    expect(codes).toHaveLength(2);
    // The first code no longer counts; the new one does.
    if (codes[0] !== codes[1]) expect((await confirm(need, { code: codes[0] })).status).toBe(400);
    expect((await confirm(need, { code: codes[1] })).status).toBe(200);
  });

  it('gets at most 4 codes for one need, then 429 pointing to the community', async () => {
    const phone = newPhone();
    const need = await submit(phone);
    for (let sent = 2; sent <= 4; sent++) {
      moveClock(61 * sent);
      expect((await confirm(need, { resend: true })).status).toBe(202);
    }
    moveClock(61 * 6);
    const refused = await confirm(need, { resend: true });
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('code_resends_used');
    expect(refused.body.detail).toContain('联系社区');
    expect(await codesTo(phone)).toHaveLength(4);
  });

  it('says which field is wrong, and answers 404 to a wrong token as to an unknown need', async () => {
    const need = await submit(newPhone());
    for (const body of [{}, { code: '12ab56' }, { code: '1234567' }, { code: '123456', resend: true }, { resend: false }, { code: '123456', extra: 1 }]) {
      const reply = await confirm(need, body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.body.errors?.length).toBeGreaterThan(0);
    }
    expect((await confirm(need, {})).body.errors?.[0]?.field).toBe('code');
    expect((await confirm(need, { code: '123456' }, 'not-the-token')).status).toBe(404);
    expect((await track(need)).body.confirmation?.triesLeft).toBe(5);
  });

  it('counts in the demand report only once confirmed: an unconfirmed post is not demand', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const posted = async () => {
      await system.poller.drain();
      const reply = await request<{ rows: Array<{ category: string; communityId: string; posted: number }> }>(
        system.baseUrl,
        'GET',
        `/reports/demand?from=${today}&to=${today}`,
        { headers: { authorization: `Bearer ${operatorToken}` } },
      );
      expect(reply.status).toBe(200);
      return reply.body.rows.find((row) => row.category === 'hospitalEscort' && row.communityId === 'hehua')?.posted ?? 0;
    };
    const before = await posted();
    const phone = newPhone();
    const need = await submit(phone);
    expect(await posted()).toBe(before);
    const [code] = await codesTo(phone);
    expect((await confirm(need, { code })).status).toBe(200);
    expect(await posted()).toBe(before + 1);
  });

  it('can be cancelled while it awaits its code', async () => {
    const need = await submit(newPhone());
    const cancelled = await request<{ status: string }>(system.baseUrl, 'POST', `/needs/${need.id}/cancel`, { headers: { 'x-tracking-token': need.trackingToken } });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const late = await confirm(need, { code: '123456' });
    expect(late.status).toBe(409);
    expect(late.body.current).toEqual({ status: 'cancelled' });
  });

  it('is closed with its reason by the watchdog once the district’s limit passed, without texting the number again', async () => {
    const phone = newPhone();
    const need = await submit(phone);
    moveClock(23 * 3600);
    await system.scheduler.runNow('watchNeeds');
    expect((await track(need)).body.status).toBe('awaitingConfirmation');
    moveClock(24 * 3600 + 60);
    await system.scheduler.runNow('watchNeeds');
    const page = (await track(need)).body;
    expect(page.status).toBe('closed');
    expect(page.closure).toEqual({ outcome: 'phoneNotConfirmed', label: expect.objectContaining({ zh: expect.stringContaining('手机号一直没有验证') }) });
    expect(page.timeline.at(-1)?.reason).toContain('请重新提交');
    await system.poller.drain();
    expect(system.outbox.list().filter((message) => message.to === phone).map((message) => message.purpose)).toEqual(['phoneConfirmation']);
  });
});

describe('staff on the resident’s behalf', () => {
  it('an Open311 client with the district’s key (the hotline): no code, matched at once, and the phone is seen', async () => {
    const phone = newPhone();
    const form = new URLSearchParams({
      api_key: hotlineKey,
      service_code: 'hospitalEscort',
      'attribute[community]': 'hehua',
      'attribute[grid]': 'hehua-1',
      first_name: '秀兰',
      last_name: '赵',
      phone,
      description: '周二上午要去医院复查，想请人陪同',
    });
    const reply = await request<Array<{ service_request_id: string; token: string; service_notice: string }>>(system.baseUrl, 'POST', '/open311/v2/requests.json', {
      rawBody: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(reply.status).toBe(201);
    const [created] = reply.body;
    expect(created?.service_notice).not.toContain('验证码');
    await system.poller.drain();
    const need = { id: created?.service_request_id ?? '', trackingToken: created?.token ?? '', status: '' };
    expect((await track(need)).body.status).toBe('offered');
    expect(await codesTo(phone)).toEqual([]);
    // Entered by staff, the number is seen: the resident's own next need needs no code either.
    const own = await request<Submitted>(system.baseUrl, 'POST', '/needs', { body: { ...needFrom(phone), category: 'repairs', description: '门锁坏了' } });
    expect(own.body.status).toBe('submitted');
  });

  it('an operator who reached the resident sends an awaiting need on with redispatch, and the phone is seen', async () => {
    const phone = newPhone();
    const need = await submit(phone);
    const reply = await request<{ need: { status: string } }>(system.baseUrl, 'POST', `/needs/${need.id}/redispatch`, {
      body: { note: '电话联系过赵奶奶，确认是她本人的需求' },
      headers: { authorization: `Bearer ${operatorToken}` },
    });
    expect(reply.status).toBe(200);
    await system.poller.drain();
    expect((await track(need)).body.status).toBe('offered');
    const next = await request<Submitted>(system.baseUrl, 'POST', '/needs', { body: { ...needFrom(phone), category: 'repairs', description: '灯坏了' } });
    expect(next.body.status).toBe('submitted');
  });
});
