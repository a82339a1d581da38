import { z } from 'zod';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { parseInput } from '#lib/http/validate.ts';
import { unitInputSchema } from '#lib/units/co-building-unit.ts';
import { replaceUnit } from '#lib/use-cases/co-building-units.ts';

const replaceSchema = unitInputSchema.extend({ version: z.number().int().min(1) });

/** Replaces a unit's fields, based on the `version` read: 409 with the current version when someone else changed it. */
export async function replaceUnitForOperator(event: HttpEvent) {
  const { version, ...input } = parseInput(replaceSchema, event.jsonBody);
  return jsonResponse(200, await replaceUnit(event.pathParameters?.id ?? '', input, version));
}

export const handler = httpHandler(replaceUnitForOperator, { jsonBody: true });
