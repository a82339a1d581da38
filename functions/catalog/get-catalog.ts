import { enabledCategories } from '#lib/district/district-lookups.ts';
import { jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { liveDistrict } from '#lib/settings/live-district.ts';

/** The categories operators enabled (district settings) and the communities as deployed. */
export async function getCatalog() {
  const district = await liveDistrict();
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
    // A minute, as the settings' own cache: an enabled or disabled category shows within two.
    { 'cache-control': 'public, max-age=60' },
  );
}

export const handler = httpHandler(getCatalog);
