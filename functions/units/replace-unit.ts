import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { parseInput } from '#lib/http/validate.ts';
import { unitReplaceSchema } from '#lib/units/co-building-unit.ts';
import { replaceUnit } from '#lib/use-cases/co-building-units.ts';


/** Replaces a unit's fields, based on the `version` read: 409 with the current version when someone else changed it. */
export async function replaceUnitForOperator(event: HttpEvent) {
  const { version, ...input } = parseInput(unitReplaceSchema, event.jsonBody);
  return jsonResponse(200, await replaceUnit(event.pathParameters?.id ?? '', input, version));
}

export const handler = httpHandler(replaceUnitForOperator, { jsonBody: true });
