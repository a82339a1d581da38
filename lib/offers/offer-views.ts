/**
 * What each audience sees of offers and orders. Before accepting, a partner sees what the work is
 * and roughly where, never the resident's phone or exact address; after accepting, the contact.
 * Operators see everything, the full explanation included.
 */
import { serviceCategories } from '../catalog/service-categories.ts';
import type { DistrictConfig } from '../district/district-config.ts';
import { findCommunity } from '../district/district-lookups.ts';
import type { Need } from '../needs/need.ts';
import { statusLabels } from '../needs/need-views.ts';
import { partnerMaySeeContact } from '../needs/personal-data.ts';
import type { AdmissionStatus } from '../partners/admission.ts';
import { partnerNotActiveCode } from '../partners/revocation.ts';
import type { Offer } from './offer.ts';

function placeOf(district: DistrictConfig, communityId: string, gridId: string | undefined) {
  const community = findCommunity(district, communityId);
  const grid = community?.grids.find((entry) => entry.id === gridId);
  return {
    community: { id: communityId, name: community?.name },
    grid: grid ? { id: grid.id, name: grid.name } : undefined,
  };
}

function categoryOf(code: string) {
  const category = serviceCategories.find((entry) => entry.code === code);
  return { code, label: category?.label };
}

export function partnerOfferView(offer: Offer, district: DistrictConfig) {
  const { summary } = offer;
  return {
    id: offer.id,
    orderId: offer.needId,
    status: offer.status,
    expiresAt: offer.expiresAt,
    category: categoryOf(summary.category),
    ...placeOf(district, summary.communityId, summary.gridId),
    preferredWindow: summary.preferredWindow,
    urgency: summary.urgency,
    specialGroups: summary.specialGroups,
    description: summary.description,
    why: offer.shortReason,
    // Distance only when the matcher measured one (a partner base and a need location or community centre).
    ...(offer.explanation?.proximity?.kind === 'distance' ? { distanceKm: Math.round(offer.explanation.proximity.km * 10) / 10 } : {}),
  };
}

/**
 * The order as its partner sees it; the resident's contact, address and location only while
 * partnerMaySeeContact, and never while the partner is not active (suspended, #10).
 */
export function partnerOrderView(need: Need, district: DistrictConfig, partnerStatus: AdmissionStatus, now = new Date()) {
  const contactShown = partnerStatus === 'active' && partnerMaySeeContact(need, now, district.privacy);
  return {
    id: need.id,
    status: need.status,
    statusLabel: statusLabels[need.status],
    category: categoryOf(need.category),
    ...placeOf(district, need.communityId, need.gridId),
    description: need.description,
    preferredWindow: need.preferredWindow,
    urgency: need.urgency,
    specialGroups: need.specialGroups,
    ...(contactShown ? { address: need.address, location: need.location, contact: need.contact } : {}),
    contactShown,
    ...(partnerStatus === 'active' ? {} : { contactWithheld: partnerNotActiveCode }),
    timeline: need.timeline,
  };
}

export function operatorNeedView(need: Need, offers: readonly Offer[]) {
  const { trackingTokenHash, ...visible } = need;
  return { ...visible, offers };
}
