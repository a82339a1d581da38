import { deliveriesOfPartner } from '#lib/data/notifications-repository.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';

/** The delivery log of a partner's notifications, so operators see who is not being reached and why. */
export async function listPartnerDeliveries(event: HttpEvent) {
  return jsonResponse(200, { deliveries: await deliveriesOfPartner(event.pathParameters?.id ?? '') });
}

export const handler = httpHandler(listPartnerDeliveries);
