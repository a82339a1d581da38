import { describe, expect, it } from 'vitest';
import { parseDistrictConfig } from '#lib/district/district-config.ts';
import { type Partner, partnerSchema } from '#lib/partners/partner.ts';
import { suppliesCommunity, supplyDemandReport } from '#lib/reports/supply-demand.ts';

const district = parseDistrictConfig({
  id: 'test',
  name: { zh: '测试区', en: 'Test' },
  communities: [
    { id: 'east', name: { zh: '东', en: 'East' }, centre: { lat: 30, lng: 120 }, grids: [{ id: 'east-1', name: { zh: '东一', en: 'E1' } }] },
    { id: 'west', name: { zh: '西', en: 'West' }, centre: { lat: 30, lng: 120.2 }, grids: [] },
  ],
  enabledCategories: ['repairs', 'haircut', 'publicIssue'],
});

const partner = (id: string, area: Partial<Partner['serviceArea']>, extra: Partial<Partner> = {}): Partner =>
  partnerSchema.parse({
    id,
    kind: 'individual',
    name: { zh: id },
    status: 'active',
    capabilities: [{ category: 'repairs', skillLevel: 3 }],
    serviceArea: { communities: [], grids: [], ...area },
    capacity: 2,
    priceMode: 'free',
    schedule: { alwaysAvailable: true },
    contact: { name: 'x', phone: '13800138000' },
    ...extra,
  });

describe('suppliesCommunity', () => {
  it('counts a community, one of its grids, or a radius reaching its centre', () => {
    const [east, west] = district.communities;
    if (!east || !west) throw new Error('fixture');
    expect(suppliesCommunity(partner('a', { communities: ['east'] }), east)).toBe(true);
    expect(suppliesCommunity(partner('b', { grids: ['east-1'] }), east)).toBe(true);
    expect(suppliesCommunity(partner('b', { grids: ['east-1'] }), west)).toBe(false);
    const nearEast = partner('c', { radiusKm: 3 }, { base: { lat: 30.01, lng: 120 } });
    expect(suppliesCommunity(nearEast, east)).toBe(true);
    expect(suppliesCommunity(nearEast, west)).toBe(false);
  });
});

describe('supplyDemandReport', () => {
  const report = supplyDemandReport(
    district,
    { from: '2026-11-01', to: '2026-11-30' },
    [
      { category: 'repairs', communityId: 'east', status: 'completed' },
      { category: 'repairs', communityId: 'east', status: 'offered' },
      { category: 'repairs', communityId: 'west', status: 'escalated', escalationCode: 'noCandidates' },
      { category: 'haircut', communityId: 'east', status: 'escalated', escalationCode: 'noCandidates' },
      { category: 'publicIssue', communityId: 'east', status: 'escalated', escalationCode: 'notAService' },
    ],
    [partner('a', { communities: ['east'] }), partner('b', { grids: ['east-1'] }, { priceMode: 'market', capacity: 5 })],
  );
  const cell = (category: string, communityId: string) => report.cells.find((entry) => entry.category === category && entry.communityId === communityId);

  it('counts demand by outcome and supply by the partners that reach each community', () => {
    expect(cell('repairs', 'east')).toMatchObject({
      demand: { needs: 2, offered: 1, served: 1, completed: 1, unmet: 0 },
      supply: { partners: 2, capacity: 7, freeOrLowCost: 1 },
      gap: { unmetShare: 0, recruit: false },
    });
    expect(cell('repairs', 'west')).toMatchObject({ demand: { needs: 1, unmet: 1 }, supply: { partners: 0 }, gap: { unmetShare: 1, recruit: true } });
  });

  it('leaves public problems out (never matched) and lists where to recruit with the reason', () => {
    expect(report.cells.some((entry) => entry.category === 'publicIssue')).toBe(false);
    expect(report.recruit).toEqual([
      { category: 'repairs', communityId: 'west', why: 'demand with no partner serving it' },
      { category: 'haircut', communityId: 'east', why: 'demand with no partner serving it' },
    ]);
    expect(report.byCategory.find((row) => row.category === 'repairs')).toMatchObject({ demand: { needs: 3, unmet: 1 }, gap: { recruit: true } });
  });
});
