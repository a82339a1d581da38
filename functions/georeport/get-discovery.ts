import { currentDistrict } from '#lib/district/current-district.ts';
import type { HttpEvent } from '#lib/http/http-event.ts';
import { renderObject } from '#lib/open311/open311-format.ts';
import { answerOpen311, open311Response } from '#lib/open311/open311-http.ts';
import { discovery } from '#lib/open311/open311-services.ts';

const district = currentDistrict();
/** When this endpoint's Open311 interface last changed (the standard's `changeset`). */
const changeset = '2026-11-29T00:00:00Z';

/** Open311 service discovery: where the endpoint is, its formats, and how to get a key. */
export async function getDiscovery(event: HttpEvent) {
  return answerOpen311(event, async (format) => {
    const host = event.headers?.host ?? event.requestContext.domainName;
    const proto =
      event.headers?.['x-forwarded-proto'] ?? (host?.startsWith('127.0.0.1') || host?.startsWith('localhost') ? 'http' : 'https');
    const value = discovery(district, `${proto}://${host}`, changeset);
    const xml = {
      ...value,
      endpoints: { endpoint: value.endpoints.map((endpoint) => ({ ...endpoint, formats: { format: endpoint.formats } })) },
    };
    return open311Response(200, format, renderObject(format, 'discovery', value, xml));
  });
}

