import { openApiDocument } from '#lib/api/openapi-document.ts';
import { currentDistrict } from '#lib/district/current-district.ts';
import { jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';

// Built once per container: it depends only on the deployed code and district.
const document = openApiDocument(currentDistrict());

export async function getOpenApi() {
  return jsonResponse(200, document, { 'cache-control': 'public, max-age=300' });
}

export const handler = httpHandler(getOpenApi);
