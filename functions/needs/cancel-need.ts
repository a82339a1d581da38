import * as z from 'zod';
import { Conflict } from '#lib/common/domain-errors.ts';
import { getNeed } from '#lib/data/needs-repository.ts';
import { offersOfNeed, writeOrderChange } from '#lib/data/offers-repository.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { needForResident } from '#lib/http/resident-need.ts';
import { parseInput } from '#lib/http/validate.ts';
import { cancelNeed } from '#lib/needs/need.ts';
import { residentView } from '#lib/needs/need-views.ts';
import { withdrawOffer } from '#lib/orders/order-steps.ts';

const cancelSchema = z.strictObject({ reason: z.string().trim().min(1).max(200, 'at most 200 characters').optional() });

/**
 * The resident withdraws the need until the partner has started. A live offer or accepted order is
 * withdrawn in the same transaction, freeing the partner's slot (and telling the partner, via the
 * stream). Cancelling twice answers the cancelled need again.
 */
export async function cancelNeedForResident(event: HttpEvent) {
  const { reason } = parseInput(cancelSchema, event.jsonBody ?? {});
  let need = await needForResident(event);
  for (let round = 1; round <= 3; round++) {
    const now = new Date();
    if (need.status === 'cancelled') return jsonResponse(200, residentView(need, now));
    const cancelled = cancelNeed(need, now, reason);
    const live = (await offersOfNeed(need.id)).find((offer) => offer.status === 'open' || offer.status === 'accepted');
    const outcome = await writeOrderChange({
      need: cancelled,
      expectedNeedVersion: need.version,
      ...(live
        ? {
            offer: { next: withdrawOffer(live, now), expectedStatus: live.status },
            counters: { partnerId: live.partnerId, add: { openOrders: -1 } },
          }
        : {}),
    });
    if (outcome === 'written') return jsonResponse(200, residentView(cancelled, now));
    const reread = await getNeed(need.id);
    if (!reread) break;
    need = reread;
  }
  throw new Conflict('the need changed while it was being cancelled; look at it again');
}

export const handler = httpHandler(cancelNeedForResident, { jsonBody: 'optional' });
