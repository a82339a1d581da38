import { NotFound } from '#lib/common/domain-errors.ts';
import { getNeed } from '#lib/data/needs-repository.ts';
import { offersOfNeed } from '#lib/data/offers-repository.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { isNeedId } from '#lib/needs/need.ts';
import { operatorNeedView } from '#lib/offers/offer-views.ts';

/** Everything about a need for operators: its record and every offer with the matcher's full explanation. */
export async function getNeedForOperator(event: HttpEvent) {
  const id = event.pathParameters?.id ?? '';
  const need = isNeedId(id) ? await getNeed(id) : undefined;
  if (!need) throw new NotFound('need');
  return jsonResponse(200, operatorNeedView(need, await offersOfNeed(need.id)));
}

export const handler = httpHandler(getNeedForOperator);
