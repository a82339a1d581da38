import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { parseInput } from '#lib/http/validate.ts';
import { idempotencyKeyHash } from '#lib/needs/submit-request.ts';
import { unitInputSchema } from '#lib/units/co-building-unit.ts';
import { createUnit } from '#lib/use-cases/co-building-units.ts';

/** An operator adds a co-building unit (共驻共建单位): name, kind, contact, the topics it takes; an Idempotency-Key replays. */
export async function createUnitForOperator(event: HttpEvent) {
  const input = parseInput(unitInputSchema, event.jsonBody);
  const { unit, replayed } = await createUnit(input, idempotencyKeyHash(event.headers['idempotency-key']));
  return jsonResponse(201, unit, { location: `/units/${unit.id}`, ...(replayed ? { 'idempotent-replayed': 'true' } : {}) });
}

export const handler = httpHandler(createUnitForOperator, { jsonBody: true });
