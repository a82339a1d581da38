import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { operatorIdOf } from '#lib/http/operator-caller.ts';
import { parseInput } from '#lib/http/validate.ts';
import { referSchema } from '#lib/needs/operator-requests.ts';
import { operatorNeedView } from '#lib/offers/offer-views.ts';
import { refer } from '#lib/use-cases/operator-needs.ts';

/** The need goes to a co-building unit (社区吹哨、部门报到) until its answer is recorded. */
export async function referNeedForOperator(event: HttpEvent) {
  const body = parseInput(referSchema, event.jsonBody);
  const need = await refer({ needId: event.pathParameters?.id ?? '', by: operatorIdOf(event), body });
  return jsonResponse(200, operatorNeedView(need, []));
}

export const handler = httpHandler(referNeedForOperator, { jsonBody: true });
