/**
 * The real order loop for the browser tests, on the local system: a resident's need sent through
 * the API, and the partner's side (accept, start, complete) done with a partner token, as the
 * partner's own app would. Not a test file (vitest picks up only *.test.ts).
 *
 *   const { id, trackingToken } = await submitNeedByApi(system, hehuaEscort());   // offered to the volunteers
 *   const partner = await partnerOf(system);
 *   await partner.accept(id); await partner.start(id); await partner.complete(id);
 *
 * And the tracking page's own clock: installed before `goto`, so that the test need not wait 15 s
 * for the page's own refresh, and held where a refresh at the wrong moment would change the test.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { request } from '../support/http-client.ts';
import type { LocalSystem } from '../support/local-system.ts';

import { hehuaVolunteers } from '../support/escort-need.ts';

export { hehuaEscort, hehuaVolunteers } from '../support/escort-need.ts';

/** Sends a need as the form would, and lets the matcher (a stream consumer) run. */
export async function submitNeedByApi(system: LocalSystem, body: Record<string, unknown>): Promise<{ id: string; trackingToken: string }> {
  const reply = await request<{ id: string; trackingToken: string }>(system.baseUrl, 'POST', '/needs', { body });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  await system.poller.drain();
  return reply.body;
}

export interface ResidentView {
  status: string;
  statusLabel: { zh: string; en: string };
  timeline: Array<{ status: string; at: string; reason?: string }>;
  partner?: { name: { zh: string; en: string } };
  canCancel: boolean;
  canRate: boolean;
  rating?: { stars: number; comment?: string; tags?: string[] };
}

/** GET /needs/{id} with the tracking token, as the tracking page asks. */
export async function needView(system: LocalSystem, id: string, trackingToken: string): Promise<ResidentView> {
  const reply = await request<ResidentView>(system.baseUrl, 'GET', `/needs/${id}`, { headers: { 'x-tracking-token': trackingToken } });
  expect(reply.status).toBe(200);
  return reply.body;
}

/** The partner's API steps on an order, each answered 200 and followed by the stream consumers. */
export async function partnerOf(system: LocalSystem, partnerId: string = hehuaVolunteers.id) {
  const token = await system.issueToken('partner', partnerId);
  const step = async (path: string) => {
    const reply = await request(system.baseUrl, 'POST', path, { body: {}, headers: { authorization: `Bearer ${token}` } });
    expect(reply.status, `${partnerId} POST ${path}: ${JSON.stringify(reply.body)}`).toBe(200);
    await system.poller.drain();
  };
  return {
    /** Accepts the need's first offer (`<needId>.1`), the one the matcher made on submission. */
    accept: (needId: string) => step(`/offers/${needId}.1/accept`),
    start: (needId: string) => step(`/orders/${needId}/start`),
    complete: (needId: string) => step(`/orders/${needId}/complete`),
  };
}

/** A timeline time as the page shows it: the district's (Asia/Shanghai) month, day, weekday and 24-hour time. */
export function districtDateTime(iso: string): string {
  return new Intl.DateTimeFormat('zh-CN', {
    month: 'long',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'Asia/Shanghai',
  }).format(new Date(iso));
}

/**
 * Stops the page's clock (installed before `goto`): its 15-second refresh then runs only when the
 * test says. axe-core needs running timers: `page.clock.resume()` before checking a held page.
 */
export async function holdPageClock(page: Page): Promise<void> {
  await page.clock.pauseAt(Date.now() + 1_000);
}

/** Lets the page's own 15-second refresh run, then waits until it shows `label` and has announced it. */
export async function refreshUntilStatus(page: Page, label: string): Promise<void> {
  await page.clock.runFor(15_000);
  await expect
    .poll(async () => {
      // The live region says it a beat (100 ms) after the status changes.
      await page.clock.runFor(200);
      return page.locator('[data-live]').textContent();
    })
    .toBe(`状态有更新：${label}`);
  expect(await page.locator('#status-label').textContent()).toBe(label);
}
