import { currentDistrict } from '#lib/district/current-district.ts';
import type { HttpEvent } from '#lib/http/http-event.ts';
import { renderList, renderObject } from '#lib/open311/open311-format.ts';
import { answerOpen311, checkJurisdiction, formatOf, Open311NotFound, open311Response } from '#lib/open311/open311-http.ts';
import { findService, open311Services, serviceDefinition } from '#lib/open311/open311-services.ts';
import { liveDistrict } from '#lib/settings/live-district.ts';

const deployed = currentDistrict();

/** GET services.{format} (the list) and services/{service_code}.{format} (one definition). */
export async function getServices(event: HttpEvent) {
  return answerOpen311(event, async (format) => {
    checkJurisdiction(event.queryStringParameters?.jurisdiction_id, deployed.id);
    const district = await liveDistrict();
    if (!event.pathParameters?.serviceFile)
      return open311Response(200, format, renderList(format, 'services', 'service', open311Services(district)));
    const { name: serviceCode } = formatOf(event);
    if (!findService(district, serviceCode)) throw new Open311NotFound('service_code', `service_code ${serviceCode}`);
    const definition = serviceDefinition(district, serviceCode);
    return open311Response(200, format, renderObject(format, 'service_definition', definition.json, definition.xml));
  });
}

