/**
 * The promise "every need has a next step", checked on a running local system after a scenario:
 * every need is awaiting its SMS code within the closing limit, offered with a live offer, waiting in a queue, escalated with an operator alert,
 * with a partner at work, or in a final state. Read through the operators' API, as staff would.
 */
import { request } from './http-client.ts';
import type { LocalSystem } from './local-system.ts';

const statuses = ['awaitingConfirmation', 'submitted', 'offered', 'accepted', 'started', 'completed', 'escalated', 'cancelled', 'closed', 'waiting', 'referred'];

interface DeskItem {
  id: string;
  status: string;
  escalation?: { at: string };
  waiting?: { queue: string };
  referral?: unknown;
  ageMinutes?: number;
}

/** An unconfirmed need is closed by the watchdog after the district's limit (24 h by default); a scheduler cycle of slack. */
const unconfirmedLimitMinutes = 24 * 60 + 5;

async function allIn(system: LocalSystem, token: string, status: string): Promise<DeskItem[]> {
  const items: DeskItem[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const query = `/needs?status=${status}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const reply = await request<{ items: DeskItem[]; cursor?: string }>(system.baseUrl, 'GET', query, { headers: { authorization: `Bearer ${token}` } });
    if (reply.status !== 200) throw new Error(`GET ${query} answered ${reply.status}`);
    items.push(...reply.body.items);
    cursor = reply.body.cursor;
    if (!cursor) break;
  }
  return items;
}

/**
 * The needs without a next step, each with what is missing; empty when the promise holds. An
 * escalation older than the inbox's retention (operatorAlerts.retentionDays) has legitimately left
 * the inbox: a scenario dated by a set clock is eventually that old under the real one.
 */
export async function needsWithoutNextStep(system: LocalSystem, operatorToken: string, alertRetentionDays = 90): Promise<string[]> {
  const headers = { authorization: `Bearer ${operatorToken}` };
  const alerted = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const path = `/operators/inbox?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const alerts = await request<{ alerts: Array<{ needId: string }>; cursor?: string }>(system.baseUrl, 'GET', path, { headers });
    for (const alert of alerts.body.alerts) alerted.add(alert.needId);
    cursor = alerts.body.cursor;
    if (!cursor) break;
  }
  const problems: string[] = [];
  for (const status of statuses) {
    for (const item of await allIn(system, operatorToken, status)) {
      if (status === 'submitted') problems.push(`${item.id}: still submitted`);
      if (status === 'awaitingConfirmation' && (item.ageMinutes ?? 0) > unconfirmedLimitMinutes) {
        problems.push(`${item.id}: awaiting its SMS code past the closing limit`);
      }
      if (status === 'waiting' && !item.waiting?.queue) problems.push(`${item.id}: waiting in no queue`);
      if (status === 'referred' && !item.referral) problems.push(`${item.id}: referred to nobody`);
      const alertExpired = Date.now() - Date.parse(item.escalation?.at ?? '') > alertRetentionDays * 86_400_000;
      if (status === 'escalated' && !alerted.has(item.id) && !alertExpired) problems.push(`${item.id}: escalated without an operator alert`);
      if (status === 'offered') {
        const offers = await request<{ offers: Array<{ status: string }> }>(system.baseUrl, 'GET', `/needs/${item.id}/offers`, { headers });
        const live = offers.body.offers.filter((offer) => offer.status === 'open').length;
        if (live !== 1) problems.push(`${item.id}: offered with ${live} open offers`);
      }
    }
  }
  return problems;
}
