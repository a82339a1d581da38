import { currentDistrict } from '#lib/district/current-district.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { needOfTokenHolder, residentPage } from '#lib/use-cases/resident-needs.ts';

const district = currentDistrict();

export async function getNeedForResident(event: HttpEvent) {
  const need = await needOfTokenHolder(event.pathParameters?.id ?? '', event.headers['x-tracking-token']);
  return jsonResponse(200, await residentPage(need, district));
}

export const handler = httpHandler(getNeedForResident);
