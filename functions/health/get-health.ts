import { httpHandler } from '#lib/http/http-handler.ts';
import { jsonResponse } from '#lib/http/http-event.ts';

export async function getHealth() {
  return jsonResponse(200, { status: 'ok' });
}

export const handler = httpHandler(getHealth);
