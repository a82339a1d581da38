import { correlationIdOf } from '#lib/http/correlation-id.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { submitNeed as submit } from '#lib/use-cases/submit-need.ts';

export async function submitNeed(event: HttpEvent) {
  const { result, replayed } = await submit(event.jsonBody, {
    idempotencyKey: event.headers['idempotency-key'],
    correlationId: correlationIdOf(event),
  });
  return jsonResponse(201, result, { location: `/needs/${result.id}`, ...(replayed ? { 'idempotent-replayed': 'true' } : {}) });
}

export const handler = httpHandler(submitNeed, { jsonBody: true });
