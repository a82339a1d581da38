/**
 * Builders for the matching tests: a small district in Asia/Shanghai, partners that pass every
 * constraint unless told otherwise, and requests for a Tuesday morning (2025-03-04 09:00 +08:00).
 */
import { type DistrictConfigInput, parseDistrictConfig } from '../../../lib/district/district-config.ts';
import { type Candidate, type PartnerStanding, partnerStandingSchema } from '../../../lib/matching/candidate.ts';
import { type MatchContext, type MatchOptions, matchContext } from '../../../lib/matching/match-context.ts';
import { type MatchRequest, type MatchRequestInput, matchRequestSchema } from '../../../lib/matching/match-request.ts';
import { defaultMatchingSettings, type MatchingSettings } from '../../../lib/matching/matching-settings.ts';
import { type PartnerInput, partnerSchema } from '../../../lib/partners/partner.ts';

/** Tuesday 2025-03-04, 09:00 in Shanghai. */
export const tuesdayMorning = new Date('2025-03-04T01:00:00Z');

export function district(overrides: Partial<DistrictConfigInput> = {}) {
  return parseDistrictConfig({
    id: 'test',
    name: { zh: '测试区', en: 'Test District' },
    communities: [
      {
        id: 'hehua',
        name: { zh: '荷花社区', en: 'Hehua' },
        centre: { lat: 30.2741, lng: 120.1551 },
        grids: [
          { id: 'hehua-1', name: { zh: '荷花一', en: 'Hehua 1' } },
          { id: 'hehua-2', name: { zh: '荷花二', en: 'Hehua 2' } },
        ],
      },
      { id: 'liuyin', name: { zh: '柳荫社区', en: 'Liuyin' }, grids: [{ id: 'liuyin-1', name: { zh: '柳荫一', en: 'Liuyin 1' } }] },
    ],
    ...overrides,
  });
}

const everyDayEightToEight = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, from: '08:00', to: '20:00' }));

export function partner(overrides: Partial<PartnerInput> = {}) {
  return partnerSchema.parse({
    id: 'p1',
    kind: 'individual',
    name: { zh: '王师傅' },
    status: 'active',
    capabilities: [{ category: 'repairs', skillLevel: 3 }],
    serviceArea: { communities: ['hehua'] },
    capacity: 3,
    priceMode: 'market',
    homeVisits: true,
    schedule: { weekly: everyDayEightToEight },
    contact: { name: '王', phone: '13800000000' },
    ...overrides,
  });
}

export type StandingOverrides = Partial<Omit<PartnerStanding, 'reputation' | 'reliability'>> & {
  reputation?: Partial<PartnerStanding['reputation']>;
  reliability?: Partial<PartnerStanding['reliability']>;
};

export function standing(partnerId: string, overrides: StandingOverrides = {}): PartnerStanding {
  return partnerStandingSchema.parse({ partnerId, ...overrides });
}

export function candidate(partnerOverrides: Partial<PartnerInput> = {}, standingOverrides: StandingOverrides = {}): Candidate {
  const built = partner(partnerOverrides);
  return { partner: built, standing: standing(built.id, standingOverrides) };
}

export function request(overrides: Partial<MatchRequestInput> = {}): MatchRequest {
  return matchRequestSchema.parse({
    needId: 'need-1',
    category: 'repairs',
    communityId: 'hehua',
    gridId: 'hehua-1',
    submittedAt: tuesdayMorning.toISOString(),
    ...overrides,
  });
}

export function context(
  requestOverrides: Partial<MatchRequestInput> = {},
  {
    now = tuesdayMorning,
    settings = defaultMatchingSettings,
    options = {},
    timeZone,
  }: { now?: Date; settings?: MatchingSettings; options?: MatchOptions; timeZone?: string } = {},
): MatchContext {
  return matchContext(request(requestOverrides), settings, district(timeZone ? { timeZone } : {}), now, options);
}
