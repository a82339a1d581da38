import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { needForResident } from '#lib/http/resident-need.ts';
import { residentView } from '#lib/needs/need-views.ts';

export async function getNeedForResident(event: HttpEvent) {
  return jsonResponse(200, residentView(await needForResident(event), new Date()));
}

export const handler = httpHandler(getNeedForResident);
