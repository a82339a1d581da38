import { currentDistrict } from '#lib/district/current-district.ts';
import { enabledCategories } from '#lib/district/district-config.ts';
import { jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';

const district = currentDistrict();

export async function getCatalog() {
  return jsonResponse(
    200,
    {
      district: { id: district.id, name: district.name, timeZone: district.timeZone },
      categories: enabledCategories(district).map(({ code, label, ...rest }) => ({ code, label, escalateOnly: 'escalateOnly' in rest })),
      communities: district.communities.map((community) => ({
        id: community.id,
        name: community.name,
        subdistrict: community.subdistrict,
        grids: community.grids.map((grid) => ({ id: grid.id, name: grid.name })),
      })),
    },
    { 'cache-control': 'public, max-age=300' },
  );
}

export const handler = httpHandler(getCatalog);
