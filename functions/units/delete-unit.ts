import type { HttpEvent, HttpResult } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { removeUnit } from '#lib/use-cases/co-building-units.ts';

/** Removes a unit from the list; needs already referred to it keep its name. Deleting twice answers the same. */
export async function deleteUnitForOperator(event: HttpEvent): Promise<HttpResult> {
  await removeUnit(event.pathParameters?.id ?? '');
  return { statusCode: 204, headers: {}, body: '' };
}

export const handler = httpHandler(deleteUnitForOperator);
