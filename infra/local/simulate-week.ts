/**
 * `npm run simulate-week`: a week of needs for the demo district, posted through the running
 * system's HTTP API (`npm start` first), with simulated partners accepting, declining, letting
 * offers lapse, starting and completing, and residents rating, so the three lists, the gap and the
 * escalation queue have something true to show. For the run, offers lapse after one minute (set
 * through PUT /district/settings, and put back at the end), so lapses show within a few minutes.
 *
 *   npm run simulate-week                       # 210 needs against http://127.0.0.1:3000
 *   npm run simulate-week -- --needs 60 --seed 7 --url http://127.0.0.1:3110 --minutes 4
 */
import { parseArgs } from 'node:util';
import { demoPartners } from './demo-partners.ts';
import { defaultDataDirectory, localStatePaths } from './local-paths.ts';
import { type Catalog, partnerChoice, residentStars, type SupplySlot, seededRandom, simulatedWeek } from './simulated-week-plan.ts';
import { issueLocalToken, loadOrCreateSigningKey } from './tokens.ts';

const { values } = parseArgs({
  options: {
    needs: { type: 'string', default: '210' },
    seed: { type: 'string', default: '2026' },
    url: { type: 'string', default: process.env.SIMULATE_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}` },
    minutes: { type: 'string', default: '6' },
  },
});
const baseUrl = String(values.url).replace(/\/$/, '');
const needCount = Math.min(Math.max(Number(values.needs) || 0, 1), 2000);
const random = seededRandom(Number(values.seed) || 1);
const deadline = Date.now() + Math.min(Number(values.minutes) || 6, 60) * 60_000;

async function call(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const key = await loadOrCreateSigningKey(localStatePaths(process.env.LOCAL_DATA_DIRECTORY ?? defaultDataDirectory).signingKey);
const operator = await issueLocalToken(key, { role: 'operator', id: 'simulate-week' });
const partnerTokens = new Map(await Promise.all(demoPartners.map(async (partner) => [partner.id, await issueLocalToken(key, { role: 'partner', id: partner.id })] as const)));

const catalog = (await call('GET', '/catalog')).body as unknown as Catalog;
if (!catalog.district) throw new Error(`no catalog at ${baseUrl}: is npm start running?`);

// Offers lapse after a minute for the run; the settings are put back afterwards.
const before = (await call('GET', '/district/settings', operator)).body as { settings: { matching: Record<string, unknown> }; version: number };
const quick = { ...before.settings, matching: { ...before.settings.matching, offerTimeoutMinutes: { normal: 1, urgent: 1 } } };
const changed = await call('PUT', '/district/settings', operator, { settings: quick, version: before.version, reason: '模拟一周：派单一分钟过期 (simulate-week: offers lapse after a minute)' });
if (changed.status !== 200) throw new Error(`could not shorten the offer timeouts: ${JSON.stringify(changed.body)}`);

/** Where and when the demo's active partners are on duty: most simulated needs fall there. */
function supplySlots(): SupplySlot[] {
  const slots: SupplySlot[] = [];
  for (const partner of demoPartners.filter((entry) => entry.status === 'active')) {
    const places = [
      ...partner.serviceArea.communities.map((communityId) => ({ communityId })),
      ...partner.serviceArea.grids.flatMap((gridId) => {
        const community = catalog.communities.find((entry) => entry.grids.some((grid) => grid.id === gridId));
        return community ? [{ communityId: community.id, gridId }] : [];
      }),
    ];
    for (const { category } of partner.capabilities) {
      for (const slot of partner.schedule.weekly.filter((entry) => !entry.categories || (entry.categories as string[]).includes(category))) {
        const hour = Number(slot.from.slice(0, 2)) + (slot.from.endsWith('00') ? 0 : 1);
        for (const place of places) slots.push({ category, ...place, weekday: slot.day, hour });
      }
    }
  }
  return slots;
}

const tokens = new Map<string, string>();
let refused = 0;
const pending = simulatedWeek(catalog, needCount, Number(values.seed) || 1, supplySlots());
const decided = new Set<string>();
const tally = { accepted: 0, declined: 0, leftToLapse: 0, completed: 0, rated: 0 };

/** Residents post a few needs at a time, as they would over a week, not all at once. */
async function postSome(count: number): Promise<void> {
  for (const body of pending.splice(0, count)) {
    const reply = await call('POST', '/needs', undefined, body);
    if (reply.status !== 201) {
      refused += 1;
      continue;
    }
    const id = String(reply.body.id);
    tokens.set(id, String(reply.body.trackingToken));
    const phone = (body as { contact: { phone: string } }).contact.phone;
    if (reply.body.status === 'awaitingConfirmation') await confirmCode(id, String(reply.body.trackingToken), phone);
  }
}

/** A new number confirms the SMS code, read from the local outbox as the resident would from the phone. */
async function confirmCode(needId: string, trackingToken: string, phone: string): Promise<void> {
  const outbox = (await (await fetch(`${baseUrl}/_local/outbox`)).json()) as { messages: Array<{ to: string; text: string; purpose: string }> };
  const code = outbox.messages.findLast((message) => message.to === phone && message.purpose === 'phoneConfirmation')?.text.match(/验证码：(\d{6})/)?.[1];
  if (code) await fetch(`${baseUrl}/needs/${needId}/confirmation`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-tracking-token': trackingToken }, body: JSON.stringify({ code }) });
}

async function rate(needId: string): Promise<void> {
  const resident = tokens.get(needId);
  if (!resident || random() >= 0.8) return;
  const stars = residentStars(random);
  const rated = await fetch(`${baseUrl}/needs/${needId}/rating`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-tracking-token': resident },
    body: JSON.stringify({ stars, tags: stars >= 4 ? ['onTime', 'friendly'] : ['late'] }),
  });
  if (rated.status === 201) tally.rated += 1;
}

/** Every partner looks at its open offers once and answers each as a partner would. */
async function partnersAnswer(): Promise<number> {
  let acted = 0;
  for (const token of partnerTokens.values()) {
    const offers = ((await call('GET', '/partners/me/offers', token)).body.offers ?? []) as Array<{ id: string; orderId: string }>;
    for (const offer of offers.filter((entry) => !decided.has(entry.id))) {
      decided.add(offer.id);
      acted += 1;
      const choice = partnerChoice(random);
      if (choice === 'lapse') tally.leftToLapse += 1;
      if (choice === 'decline') {
        await call('POST', `/offers/${offer.id}/decline`, token, { reason: '这个时段排不开' });
        tally.declined += 1;
      }
      if (choice !== 'accept' || (await call('POST', `/offers/${offer.id}/accept`, token)).status !== 200) continue;
      tally.accepted += 1;
      // Most accepted orders are done; some stay accepted or in progress at the end of the week.
      if (random() < 0.9) await call('POST', `/orders/${offer.orderId}/start`, token);
      if (random() < 0.85 && (await call('POST', `/orders/${offer.orderId}/complete`, token)).status === 200) {
        tally.completed += 1;
        await rate(offer.orderId);
      }
    }
  }
  return acted;
}

console.log(`posting ${pending.length} needs to ${baseUrl}, a few at a time; the partners answer for up to ${values.minutes} minutes`);
let quietRounds = 0;
// Lapsed offers come back to the next partner within two minutes (a one-minute timeout, a one-minute sweep).
while (Date.now() < deadline && (pending.length > 0 || quietRounds < 50)) {
  await postSome(6);
  const acted = await partnersAnswer();
  quietRounds = acted === 0 && pending.length === 0 ? quietRounds + 1 : 0;
  await new Promise((resolve) => setTimeout(resolve, 2000));
}
console.log(`posted ${tokens.size} needs (${refused} refused, ${pending.length} not posted before the time was up)`);

const latest = (await call('GET', '/district/settings', operator)).body as { version: number };
await call('PUT', '/district/settings', operator, { settings: before.settings, version: latest.version, reason: '模拟一周结束，恢复派单时限 (simulate-week over)' });

const statuses: Record<string, number> = {};
for (const [id, token] of tokens) {
  const need = await fetch(`${baseUrl}/needs/${id}`, { headers: { 'x-tracking-token': token } }).then((response) => response.json() as Promise<{ status: string }>);
  statuses[need.status] = (statuses[need.status] ?? 0) + 1;
}
console.log('offers:', tally);
console.log('needs by status:', statuses);
console.log(`Now look: TOKEN=$(npm run -s token -- operator op-1)
  curl -s "${baseUrl}/reports/gap" -H "authorization: Bearer $TOKEN" | head -c 600
  curl -s "${baseUrl}/reports/demand?format=csv" -H "authorization: Bearer $TOKEN" -o demand.csv   # opens in Excel
  curl -s "${baseUrl}/escalations" -H "authorization: Bearer $TOKEN" | head -c 600`);
