import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { operatorIdOf } from '#lib/http/operator-caller.ts';
import { parseInput } from '#lib/http/validate.ts';
import { referralReplySchema } from '#lib/needs/operator-requests.ts';
import { operatorNeedView } from '#lib/offers/offer-views.ts';
import { recordReferralReply } from '#lib/use-cases/operator-needs.ts';

/** The co-building unit's answer is recorded and closes the referred need with that outcome. */
export async function recordReferralReplyForOperator(event: HttpEvent) {
  const body = parseInput(referralReplySchema, event.jsonBody);
  const need = await recordReferralReply({ needId: event.pathParameters?.id ?? '', by: operatorIdOf(event), body });
  return jsonResponse(200, operatorNeedView(need, []));
}

export const handler = httpHandler(recordReferralReplyForOperator, { jsonBody: true });
