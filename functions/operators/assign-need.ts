import { currentDistrict } from '#lib/district/current-district.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { operatorIdOf } from '#lib/http/operator-caller.ts';
import { parseInput } from '#lib/http/validate.ts';
import { assignSchema } from '#lib/needs/operator-requests.ts';
import { operatorNeedView } from '#lib/offers/offer-views.ts';
import { assignToPartner } from '#lib/use-cases/operator-needs.ts';

const district = currentDistrict();

/** An operator offers the need to a partner of their choosing (由社区工作人员指派), overriding constraints with a reason. */
export async function assignNeedForOperator(event: HttpEvent) {
  const body = parseInput(assignSchema, event.jsonBody);
  const { need, offer } = await assignToPartner({ needId: event.pathParameters?.id ?? '', by: operatorIdOf(event), body }, district);
  return jsonResponse(200, operatorNeedView(need, offer ? [offer] : []));
}

export const handler = httpHandler(assignNeedForOperator, { jsonBody: true });
