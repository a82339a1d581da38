import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { operatorIdOf } from '#lib/http/operator-caller.ts';
import { parseInput } from '#lib/http/validate.ts';
import { closeSchema } from '#lib/needs/operator-requests.ts';
import { operatorNeedView } from '#lib/offers/offer-views.ts';
import { closeByOperator } from '#lib/use-cases/operator-needs.ts';

/** Closed for good with an outcome (resolved offline, duplicate, unreachable, withdrawn, out of scope). */
export async function closeNeedForOperator(event: HttpEvent) {
  const body = parseInput(closeSchema, event.jsonBody);
  const need = await closeByOperator({ needId: event.pathParameters?.id ?? '', by: operatorIdOf(event), body });
  return jsonResponse(200, operatorNeedView(need, []));
}

export const handler = httpHandler(closeNeedForOperator, { jsonBody: true });
