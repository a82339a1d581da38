/**
 * Residents' personal data through HTTP on DynamoDB Local: sensitive groups only with separate
 * consent, the partner's view of the contact ends with the order (0 days here), the resident's
 * delete route, and the retention sweep run with a clock passed in.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hospitalEscortNeed } from '../../support/demo-needs.ts';
import { request } from '../../support/http-client.ts';
import { type LocalSystem, startLocalSystem } from '../../support/local-system.ts';

let system: LocalSystem;
const tokens = { partner: '', operator: '' };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
// As in test/integration/orders/order-lifecycle.test.ts: the Hehua volunteers get this need first.
const partnerId = 'demo-hehua-volunteers';
const need = { ...hospitalEscortNeed, specialGroups: ['elderly80', 'disabled'] };

beforeAll(async () => {
  system = await startLocalSystem({
    configureDistrict: (district) => ({
      ...district,
      submissions: { ...district.submissions, confirmNewPhones: false },
      privacy: { partnerContactDays: 0, retentionDays: 180 },
    }),
  });
  tokens.partner = await system.issueToken('partner', partnerId);
  tokens.operator = await system.issueToken('operator', 'op-1');
}, 120_000);

afterAll(async () => {
  await system?.stop();
});

type Created = { id: string; trackingToken: string; withheldSpecialGroups?: string[] };
const post = (body: unknown) => request<Created>(system.baseUrl, 'POST', '/needs', { body });
const resident = (created: Created) => ({ 'x-tracking-token': created.trackingToken });
const operatorView = (id: string) => request<Record<string, unknown>>(system.baseUrl, 'GET', `/needs/${id}/offers`, { headers: bearer(tokens.operator) });
const cancel = (created: Created) => request(system.baseUrl, 'POST', `/needs/${created.id}/cancel`, { body: {}, headers: resident(created) });

async function tableText(): Promise<string> {
  const { documentClient } = await import('#lib/data/dynamo-client.ts');
  return JSON.stringify(await documentClient.send(new ScanCommand({ TableName: system.tableName })));
}

describe('consent to sensitive information', () => {
  it('leaves out sensitive groups without separate consent, and says so', async () => {
    const without = await post(need);
    expect(without.status).toBe(201);
    expect(without.body.withheldSpecialGroups).toEqual(['disabled']);
    expect((await operatorView(without.body.id)).body.specialGroups).toEqual(['elderly80']);

    const consented = await post({ ...need, contact: { ...need.contact, phone: '13700137001' }, consent: { personalInfo: true, sensitive: true } });
    expect(consented.body.withheldSpecialGroups).toBeUndefined();
    expect((await operatorView(consented.body.id)).body.specialGroups).toEqual(['elderly80', 'disabled']);
  });
});

describe("the partner's view of the contact", () => {
  it('shows it from acceptance and hides it once the order ends', async () => {
    const created = (await post({ ...need, contact: { ...need.contact, phone: '13700137002' } })).body;
    await system.poller.drain();
    const offers = await request<{ offers: Array<{ id: string; orderId: string; contact?: unknown }> }>(system.baseUrl, 'GET', '/partners/me/offers', {
      headers: bearer(tokens.partner),
    });
    const offer = offers.body.offers.find((entry) => entry.orderId === created.id);
    expect(offer?.contact).toBeUndefined();
    const accepted = await request<{ contact?: { phone: string }; contactShown: boolean }>(system.baseUrl, 'POST', `/offers/${offer?.id}/accept`, {
      headers: bearer(tokens.partner),
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ contactShown: true, contact: { phone: '13700137002' } });

    expect((await cancel(created)).status).toBe(200);
    const after = await request<{ contact?: unknown; address?: unknown; contactShown: boolean }>(system.baseUrl, 'GET', `/orders/${created.id}`, {
      headers: bearer(tokens.partner),
    });
    expect(after.status).toBe(200);
    expect(after.body.contactShown).toBe(false);
    expect(after.body.contact).toBeUndefined();
    expect(after.body.address).toBeUndefined();
  });
});

describe('removing personal data', () => {
  it('refuses while the need is open, then removes it from every item once cancelled, keeping the anonymous facts', async () => {
    const created = (await post({ ...need, description: '独特的描述-删除测试', contact: { name: '钱奶奶', phone: '13700137003' } })).body;
    await system.poller.drain();
    const early = await request<{ current: { status: string } }>(system.baseUrl, 'DELETE', `/needs/${created.id}/personal-data`, { headers: resident(created) });
    expect(early.status).toBe(409);
    expect(early.body.current.status).toBe('offered');

    expect((await cancel(created)).status).toBe(200);
    const removed = await request<{ status: string }>(system.baseUrl, 'DELETE', `/needs/${created.id}/personal-data`, { headers: resident(created) });
    expect(removed.status).toBe(200);
    expect(removed.body.status).toBe('cancelled');
    expect(await tableText()).not.toMatch(/独特的描述-删除测试|钱奶奶|13700137003/);
    expect((await operatorView(created.id)).body).toMatchObject({ category: 'hospitalEscort', communityId: 'hehua', status: 'cancelled' });
    // Asking again changes nothing; a stranger still gets 404.
    expect((await request(system.baseUrl, 'DELETE', `/needs/${created.id}/personal-data`, { headers: resident(created) })).status).toBe(200);
    expect((await request(system.baseUrl, 'DELETE', `/needs/${created.id}/personal-data`, { headers: { 'x-tracking-token': 'wrong' } })).status).toBe(404);
  });

  it('the sweep removes it a set time after the need ended, and not before', async () => {
    const created = (await post({ ...need, description: '保留期测试-描述', contact: { name: '孙爷爷', phone: '13700137004' } })).body;
    await system.poller.drain();
    expect((await cancel(created)).status).toBe(200);
    const { removeExpiredPersonalData } = await import('#functions/needs/remove-expired-personal-data.ts');

    await removeExpiredPersonalData(new Date(Date.now() + 179 * 86_400_000));
    expect(await tableText()).toContain('保留期测试-描述');

    const outcome = await removeExpiredPersonalData(new Date(Date.now() + 181 * 86_400_000));
    expect(outcome.removed).toBeGreaterThanOrEqual(1);
    const text = await tableText();
    expect(text).not.toMatch(/保留期测试-描述|孙爷爷|13700137004/);
    const tracked = await request<{ status: string }>(system.baseUrl, 'GET', `/needs/${created.id}`, { headers: resident(created) });
    expect(tracked.body.status).toBe('cancelled');
  });
});
