import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { unitById } from '#lib/use-cases/co-building-units.ts';

export async function getUnitForOperator(event: HttpEvent) {
  return jsonResponse(200, await unitById(event.pathParameters?.id ?? ''));
}

export const handler = httpHandler(getUnitForOperator);
