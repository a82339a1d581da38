import { currentDistrict } from '#lib/district/current-district.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { operatorIdOf } from '#lib/http/operator-caller.ts';
import { parseInput } from '#lib/http/validate.ts';
import { redispatchSchema } from '#lib/needs/operator-requests.ts';
import { operatorNeedView } from '#lib/offers/offer-views.ts';
import { redispatch } from '#lib/use-cases/operator-needs.ts';

const district = currentDistrict();

/**
 * Back into the cascade (after recruiting a partner, say): attempts reset, earlier decliners still
 * excluded. The answer is the need as sent back (`submitted`); the matcher takes it from the stream.
 */
export async function redispatchNeedForOperator(event: HttpEvent) {
  const body = parseInput(redispatchSchema, event.jsonBody ?? {});
  const need = await redispatch({ needId: event.pathParameters?.id ?? '', by: operatorIdOf(event), body }, district);
  return jsonResponse(200, operatorNeedView(need, []));
}

export const handler = httpHandler(redispatchNeedForOperator, { jsonBody: 'optional' });
