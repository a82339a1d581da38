/**
 * A synthetic district for the ranking benchmark, reproducible from a seed: 18 communities of 6
 * grids (the county town of the reports, about 8 × 4 km), partners with varied areas, schedules, loads and records.
 * Sub-objects (schedules, capability lists, contacts) come from small pools and are shared between
 * partners, as the matcher only reads them; this keeps a million partners within memory.
 */
import { parseDistrictConfig } from '../../lib/district/district-config.ts';
import type { Candidate } from '../../lib/matching/candidate.ts';
import { type MatchRequest, matchRequestSchema } from '../../lib/matching/match-request.ts';
import { serviceCategoryCodes, type ServiceCategoryCode } from '../../lib/catalog/service-categories.ts';
import type { DutySchedule, Partner } from '../../lib/partners/partner.ts';

import { seededRandom } from '../../lib/common/seeded-random.ts';

export { seededRandom };

const centre = { lat: 30.2741, lng: 120.1551 };
const communityIds = Array.from({ length: 18 }, (_, index) => `c${String(index + 1).padStart(2, '0')}`);
const gridIdsOf = (community: string) => Array.from({ length: 6 }, (_, index) => `${community}-${index + 1}`);
const communityCentre = (index: number) => ({ lat: centre.lat + (index % 6) * 0.012, lng: centre.lng + Math.floor(index / 6) * 0.014 });

export const benchDistrict = parseDistrictConfig({
  id: 'bench',
  name: { zh: '基准区', en: 'Bench District' },
  communities: communityIds.map((id, index) => ({
    id,
    name: { zh: id, en: id },
    centre: communityCentre(index),
    grids: gridIdsOf(id).map((grid) => ({ id: grid, name: { zh: grid, en: grid } })),
  })),
});

export const benchNow = new Date('2025-03-04T01:00:00Z');

export const benchRequest: MatchRequest = matchRequestSchema.parse({
  needId: 'bench-need',
  category: 'repairs',
  communityId: 'c07',
  gridId: 'c07-3',
  location: { lat: communityCentre(6).lat + 0.002, lng: communityCentre(6).lng - 0.001 },
  urgency: 'normal',
  specialGroups: ['livingAlone'],
  submittedAt: benchNow.toISOString(),
});

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const clock = (minutes: number) => `${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

function schedulePool(random: () => number): DutySchedule[] {
  return Array.from({ length: 300 }, () => {
    if (random() < 0.15) return { weekly: [], exceptions: [], alwaysAvailable: true };
    const weekly = Array.from({ length: 1 + Math.floor(random() * 6) }, () => {
      const start = 6 * 60 + Math.floor(random() * 28) * 30;
      return { day: 1 + Math.floor(random() * 7), from: clock(start), to: clock(start + 120 + Math.floor(random() * 12) * 30) };
    });
    const exceptions = random() < 0.2 ? [{ date: `2025-03-0${5 + Math.floor(random() * 5)}`, available: false }] : [];
    return { weekly, exceptions, alwaysAvailable: false };
  });
}

const contact = { name: '联系人', phone: '13800000000' };
const otherCategories = serviceCategoryCodes.filter((code) => code !== 'repairs' && code !== 'publicIssue');

export interface BenchData {
  /** Partners able to serve the request's category: what the candidate index returns. */
  candidates: Candidate[];
  /** Every partner of the district, all categories: what a scan without pre-filtering sees. */
  everyone: Candidate[];
}

/** `candidateCount` partners for 'repairs' plus `otherMultiple` times as many for other categories. */
export function benchData(candidateCount: number, otherMultiple: number, seed = 20250304): BenchData {
  const random = seededRandom(seed);
  const schedules = schedulePool(random);
  const capabilityLists = new Map<string, Partner['capabilities']>();
  const capabilitiesFor = (category: ServiceCategoryCode, skillLevel: number) => {
    const key = `${category}:${skillLevel}`;
    const shared = capabilityLists.get(key);
    if (shared) return shared;
    const list = [{ category, skillLevel }];
    capabilityLists.set(key, list);
    return list;
  };
  const areaFor = (communityIndex: number): Partner['serviceArea'] => {
    const roll = random();
    const community = communityIds[communityIndex] ?? 'c01';
    if (roll < 0.4) return { communities: [community], grids: [] };
    if (roll < 0.65) return { communities: [], grids: gridIdsOf(community).filter(() => random() < 0.4) };
    // A community group or business serving a stretch of neighbouring communities.
    const span = 3 + Math.floor(random() * 6);
    const first = Math.max(0, Math.min(communityIds.length - span, communityIndex - Math.floor(span / 2)));
    return { communities: communityIds.slice(first, first + span), grids: [] };
  };

  const build = (index: number, category: ServiceCategoryCode): Candidate => {
    const communityIndex = Math.floor(random() * communityIds.length);
    const home = communityCentre(communityIndex);
    const base = random() < 0.7 ? { lat: home.lat + (random() - 0.5) * 0.01, lng: home.lng + (random() - 0.5) * 0.01 } : undefined;
    const radius = base && random() < 0.15;
    const serviceArea: Partner['serviceArea'] = radius
      ? { communities: [], grids: [], radiusKm: 2 + random() * 3 }
      : areaFor(communityIndex);
    const capacity = 1 + Math.floor(random() * 8);
    const partner: Partner = {
      id: `partner-${String(index).padStart(7, '0')}`,
      kind: pick(random, ['individual', 'business', 'communityGroup'] as const),
      name: { zh: '合伙人' },
      status: random() < 0.9 ? 'active' : 'suspended',
      capabilities: capabilitiesFor(category, 1 + Math.floor(random() * 5)),
      serviceArea,
      ...(base ? { base } : {}),
      capacity,
      priceMode: pick(random, ['free', 'lowCost', 'market'] as const),
      homeVisits: random() < 0.6,
      schedule: pick(random, schedules),
      contact,
      notificationChannels: [],
    };
    const offered = Math.floor(random() * 40);
    const accepted = Math.floor(offered * (0.5 + random() * 0.5));
    const completed = Math.floor(accepted * (0.7 + random() * 0.3));
    return {
      partner,
      standing: {
        partnerId: partner.id,
        openOrders: Math.floor(random() * (capacity + 1)),
        recentOrders: Math.floor(random() * 15),
        reputation: { mean: 3 + random() * 2, count: Math.floor(random() * 60) },
        reliability: { offered, accepted, completed, cancelled: accepted - completed },
      },
    };
  };

  const candidates = Array.from({ length: candidateCount }, (_, index) => build(index, 'repairs'));
  const others = Array.from({ length: candidateCount * otherMultiple }, (_, index) =>
    build(candidateCount + index, pick(random, otherCategories)),
  );
  const everyone = [...candidates, ...others];
  // Shuffled, so that the scan does not meet the candidates first.
  for (let index = everyone.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [everyone[index], everyone[other]] = [everyone[other] as Candidate, everyone[index] as Candidate];
  }
  return { candidates, everyone };
}
