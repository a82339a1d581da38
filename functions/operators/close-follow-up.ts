import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { operatorIdOf } from '#lib/http/operator-caller.ts';
import { parseInput } from '#lib/http/validate.ts';
import { followUpCloseSchema } from '#lib/needs/operator-requests.ts';
import { closeFollowUp } from '#lib/use-cases/close-follow-up.ts';

/** The follow-up (回访) of a low rating is recorded and leaves the queue. */
export async function closeFollowUpForOperator(event: HttpEvent) {
  const body = parseInput(followUpCloseSchema, event.jsonBody);
  const { requestHash, ...closed } = (await closeFollowUp({ needId: event.pathParameters?.needId ?? '', by: operatorIdOf(event), body })).closed ?? {};
  return jsonResponse(200, { needId: event.pathParameters?.needId, closed });
}

export const handler = httpHandler(closeFollowUpForOperator, { jsonBody: true });
