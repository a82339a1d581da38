/**
 * What handlers look up in their district's config. Apart from the schema (district-config.ts), so
 * that a bundle that only looks things up does not carry the whole district schema: the config it
 * reads was validated when it was built (lib/district/current-district.ts).
 */
import { type ServiceCategory, serviceCategories } from '../catalog/service-categories.ts';
import type { Community, DistrictConfig } from './district-config.ts';

export function enabledCategories(config: DistrictConfig): ServiceCategory[] {
  const enabled = config.enabledCategories;
  return serviceCategories.filter((category) => !enabled || (enabled as string[]).includes(category.code));
}

export function findCommunity(config: DistrictConfig, communityId: string): Community | undefined {
  return config.communities.find((community) => community.id === communityId);
}
