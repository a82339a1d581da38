import type { HttpEvent } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { answerOpen311, formatOf, Open311NotFound } from '#lib/open311/open311-http.ts';
import { getDiscovery } from './get-discovery.ts';
import { getRequests } from './get-requests.ts';
import { getServices } from './get-services.ts';

/** Open311's GET resources, one function: discovery, services (list and definition), requests (list and one). */
export async function getGeoReport(event: HttpEvent) {
  if (event.pathParameters?.serviceFile) return getServices(event);
  if (event.pathParameters?.requestFile) return getRequests(event);
  const { name } = formatOf(event);
  if (name === 'discovery') return getDiscovery(event);
  if (name === 'services') return getServices(event);
  if (name === 'requests') return getRequests(event);
  return answerOpen311(event, async () => {
    throw new Open311NotFound('resource', `${name} (discovery, services or requests, as .xml or .json)`);
  });
}

export const handler = httpHandler(getGeoReport);
