import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, request } from '../../support/http-client.ts';
import { type LocalSystem, startLocalSystem } from '../../support/local-system.ts';

let system: LocalSystem;

beforeAll(async () => {
  // The district's own limits on the open form (tests lift them by default): this door shares them.
  // Not the SMS code for new numbers (test/integration/needs/phone-confirmation.test.ts covers it here too).
  system = await startLocalSystem({
    configureDistrict: (district) => ({ ...district, submissions: { ...district.submissions, confirmNewPhones: false } }),
  });
}, 60_000);

afterAll(async () => {
  await system?.stop();
});

const lists = ['service', 'request', 'error', 'attribute', 'value', 'endpoint', 'format'];
const xml = new XMLParser({ isArray: (name) => lists.includes(name), parseTagValue: false });

async function get(path: string) {
  const response = await fetch(`${system.baseUrl}/open311/v2/${path}`);
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

async function post(format: 'xml' | 'json', fields: Record<string, string | string[]>) {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const entry of [value].flat()) form.append(name, entry);
  const response = await fetch(`${system.baseUrl}/open311/v2/requests.${format}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: form.toString(),
  });
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

const aRequest = {
  service_code: 'legalAdvice',
  description: '想咨询租房合同的问题',
  'attribute[community]': 'taoyuan',
  'attribute[special_groups][]': ['livingAlone'],
  last_name: '赵',
  first_name: '秀兰',
  phone: '13700137000',
  lat: '30.28',
  long: '120.15',
};

describe('Open311 GeoReport v2', () => {
  it('discovers the endpoint in both formats', async () => {
    const asXml = await get('discovery.xml');
    expect(asXml.type).toMatch(/^text\/xml/);
    expect(asXml.text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    const parsed = xml.parse(asXml.text).discovery;
    expect(parsed.endpoints.endpoint[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', type: 'production' });
    expect(parsed.endpoints.endpoint[0].formats.format).toEqual(['text/xml', 'application/json']);
    const asJson = JSON.parse((await get('discovery.json')).text);
    expect(asJson.endpoints[0].url).toBe(`${system.baseUrl}/open311/v2`);
  });

  it('lists the services and defines their attributes, the same in XML and JSON', async () => {
    const services = xml.parse((await get('services.xml')).text).services.service;
    const json = JSON.parse((await get('services.json')).text);
    expect(services.map((service: { service_code: string }) => service.service_code)).toEqual(json.map((service: { service_code: string }) => service.service_code));
    expect(json.find((service: { service_code: string }) => service.service_code === 'repairs')).toEqual({
      service_code: 'repairs',
      service_name: '维修',
      description: 'Repairs',
      metadata: true,
      type: 'realtime',
      keywords: '维修, Repairs',
      group: 'community services',
    });
    const definition = xml.parse((await get('services/repairs.xml')).text).service_definition;
    expect(definition.service_code).toBe('repairs');
    const community = definition.attributes.attribute.find((attribute: { code: string }) => attribute.code === 'community');
    expect(community).toMatchObject({ variable: 'true', datatype: 'singlevaluelist', required: 'true', order: '1' });
    expect(community.values.value.map((value: { key: string }) => value.key)).toEqual(['hehua', 'liuyin', 'taoyuan']);
    const asJson = JSON.parse((await get('services/repairs.json')).text);
    expect(asJson.attributes.map((attribute: { code: string }) => attribute.code)).toEqual(['community', 'grid', 'urgency', 'special_groups', 'consent']);
    const consent = asJson.attributes.find((attribute: { code: string }) => attribute.code === 'consent');
    expect(consent).toMatchObject({ datatype: 'singlevaluelist', required: false });
    expect(consent.values.map((value: { key: string }) => value.key)).toEqual(['personal_info', 'sensitive']);
    expect((await get('services/nonsense.json')).status).toBe(404);
    expect((await get('services.json?jurisdiction_id=elsewhere')).status).toBe(404);
  });

  it('turns a form-encoded request into an ordinary need that the cascade offers and that can be followed', async () => {
    const posted = await post('xml', aRequest);
    expect(posted.status).toBe(201);
    const created = xml.parse(posted.text).service_requests.request[0];
    expect(created.service_request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.token.length).toBeGreaterThan(10);
    await system.poller.drain();

    // Same tracking token, same timeline as a need posted through POST /needs.
    const tracked = await eventually(async () => {
      const reply = await request<{ status: string }>(system.baseUrl, 'GET', `/needs/${created.service_request_id}`, { headers: { 'x-tracking-token': created.token } });
      return reply.body.status === 'offered' ? reply : undefined;
    }, 5000);
    expect(tracked.status).toBe(200);

    const followed = JSON.parse((await get(`requests/${created.service_request_id}.json`)).text)[0];
    expect(followed).toMatchObject({ service_request_id: created.service_request_id, status: 'open', service_code: 'legalAdvice', service_name: '法律咨询' });
    expect(followed.status_notes).toContain('正在联系服务方');
    // The resident's description, contact and location are not public.
    expect(followed.description).toBe('');
    expect(JSON.stringify(followed)).not.toContain('13700137000');

    const listed = JSON.parse((await get(`requests.json?service_request_id=${created.service_request_id}`)).text);
    expect(listed.map((entry: { service_request_id: string }) => entry.service_request_id)).toEqual([created.service_request_id]);
    const open = JSON.parse((await get('requests.json?status=open&service_code=legalAdvice')).text);
    expect(open.some((entry: { service_request_id: string }) => entry.service_request_id === created.service_request_id)).toBe(true);
    const closed = JSON.parse((await get('requests.json?status=closed')).text);
    expect(closed.some((entry: { service_request_id: string }) => entry.service_request_id === created.service_request_id)).toBe(false);

    // Once the partner takes it, a 311 client sees who and when it can come.
    const partner = await system.issueToken('partner', 'demo-minsheng-law');
    const offers = await request<{ offers: Array<{ id: string; orderId: string }> }>(system.baseUrl, 'GET', '/partners/me/offers', { headers: { authorization: `Bearer ${partner}` } });
    const offer = offers.body.offers.find((entry) => entry.orderId === created.service_request_id);
    expect(offer).toBeDefined();
    expect((await request(system.baseUrl, 'POST', `/offers/${offer?.id}/accept`, { headers: { authorization: `Bearer ${partner}` } })).status).toBe(200);
    const taken = xml.parse((await get(`requests/${created.service_request_id}.xml`)).text).service_requests.request[0];
    expect(taken.agency_responsible).toBe('民生律师事务所');
    expect(taken.status_notes).toContain('服务方已接单');
    expect(Date.parse(taken.expected_datetime)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('keeps a sensitive special group only with attribute[consent]=sensitive, and says when it left one out', async () => {
    const operator = await system.issueToken('operator', 'op-1');
    const groupsOf = async (id: string) =>
      (await request<{ specialGroups: string[] }>(system.baseUrl, 'GET', `/needs/${id}/offers`, { headers: { authorization: `Bearer ${operator}` } })).body.specialGroups;
    const ill = { ...aRequest, service_code: 'homeCare', 'attribute[special_groups][]': ['elderly80', 'seriouslyIll'] };

    const consented = await post('json', { ...ill, phone: '13700137101', 'attribute[consent]': 'sensitive' });
    expect(consented.status).toBe(201);
    const kept = JSON.parse(consented.text)[0];
    expect(kept.service_notice).not.toContain('seriouslyIll');
    expect(await groupsOf(kept.service_request_id)).toEqual(['elderly80', 'seriouslyIll']);

    for (const [phone, consent] of [
      ['13700137102', 'personal_info'],
      ['13700137103', undefined],
    ] as const) {
      const posted = await post('json', { ...ill, phone, ...(consent ? { 'attribute[consent]': consent } : {}) });
      expect(posted.status).toBe(201);
      const dropped = JSON.parse(posted.text)[0];
      expect(dropped.service_notice).toContain('seriouslyIll');
      expect(await groupsOf(dropped.service_request_id)).toEqual(['elderly80']);
    }

    const unknown = await post('json', { ...ill, phone: '13700137104', 'attribute[consent]': 'yes' });
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.text)).toEqual([{ code: 400, description: 'attribute[consent]: one of personal_info, sensitive (see GET services/{code})' }]);
  });

  it("answers the standard's error cases in its error format", async () => {
    const { service_code: _code, ...withoutCode } = aRequest;
    const missingCode = await post('xml', withoutCode);
    expect(missingCode.status).toBe(400);
    expect(xml.parse(missingCode.text).errors.error).toEqual([{ code: '400', description: 'service_code: is required (see GET services)' }]);

    const unknownCode = await post('json', { ...aRequest, service_code: 'potholes' });
    expect(unknownCode.status).toBe(404);
    expect(JSON.parse(unknownCode.text)).toEqual([{ code: 404, description: 'service_code: service_code potholes was not found' }]);

    const badLat = await post('json', { ...aRequest, lat: 'north' });
    expect(badLat.status).toBe(400);
    expect(JSON.parse(badLat.text).map((error: { description: string }) => error.description.split(':')[0])).toEqual(['lat']);

    const { 'attribute[community]': _community, ...withoutCommunity } = aRequest;
    const missingAttribute = await post('json', withoutCommunity);
    expect(missingAttribute.status).toBe(400);
    expect(JSON.parse(missingAttribute.text)).toEqual([{ code: 400, description: 'attribute[community]: is required' }]);

    const unknownRequest = await get('requests/00000000-0000-4000-8000-000000000000.xml');
    expect(unknownRequest.status).toBe(404);
    expect(xml.parse(unknownRequest.text).errors.error[0].code).toBe('404');
    // The open form's limits hold at this door too: the same request again, while open, names the first.
    const again = await post('json', aRequest);
    expect(again.status).toBe(409);
    expect(JSON.parse(again.text)[0].description).toMatch(/service_request_id [0-9a-f-]{36}/);

    const badDates = await get('requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z');
    expect(badDates.status).toBe(400);
    expect(JSON.parse(badDates.text)[0].description).toMatch(/^end_date:/);
  });
});
