import { listInbox } from '#lib/data/notifications-repository.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { partnerIdOf } from '#lib/http/partner-orders.ts';

/** The calling partner's in-app inbox, newest first: every partner has one, whatever its channels. */
export async function listMyInbox(event: HttpEvent) {
  return jsonResponse(200, { messages: await listInbox(await partnerIdOf(event)) });
}

export const handler = httpHandler(listMyInbox);
