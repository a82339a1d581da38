import { describe, expect, it } from 'vitest';
import { demoPartners } from '#infra/local/demo-partners.ts';
import { loadDistrictFile } from '#lib/district/district-files.ts';
import { partnerKinds, partnerSchema } from '#lib/partners/partner.ts';

describe('demo partners', () => {
  const district = loadDistrictFile('demo');
  const communities = new Set(district.communities.map((community) => community.id));
  const grids = new Set(district.communities.flatMap((community) => community.grids.map((grid) => grid.id)));

  it('are about a dozen valid partners with unique ids', () => {
    expect(demoPartners.length).toBeGreaterThanOrEqual(12);
    expect(new Set(demoPartners.map((partner) => partner.id)).size).toBe(demoPartners.length);
    for (const partner of demoPartners) expect(partnerSchema.parse(partner)).toEqual(partner);
  });

  it('serve only communities and grids of the demo district', () => {
    for (const partner of demoPartners) {
      for (const community of partner.serviceArea.communities) expect(communities).toContain(community);
      for (const grid of partner.serviceArea.grids) expect(grids).toContain(grid);
      if (partner.serviceArea.radiusKm) expect(partner.base).toBeDefined();
    }
  });

  it('cover the three kinds and the main categories', () => {
    expect(new Set(demoPartners.map((partner) => partner.kind))).toEqual(new Set(partnerKinds));
    const categories = new Set(demoPartners.flatMap((partner) => partner.capabilities.map((capability) => capability.category)));
    for (const category of [
      'mealAssistance',
      'homeCare',
      'hospitalEscort',
      'repairs',
      'haircut',
      'legalAdvice',
      'medicalService',
      'maternalInfantCare',
      'employmentAdvice',
      'proxyPaperwork',
      'housekeeping',
      'childcare',
      'laundry',
      'counselling',
    ]) {
      expect(categories).toContain(category);
    }
  });

  it('are active except one vetted and one suspended', () => {
    const statuses = demoPartners.map((partner) => partner.status);
    expect(statuses.filter((status) => status === 'vetted')).toHaveLength(1);
    expect(statuses.filter((status) => status === 'suspended')).toHaveLength(1);
    expect(statuses.filter((status) => status === 'active')).toHaveLength(demoPartners.length - 2);
  });

  it('include the schedule shapes matching must handle', () => {
    const slots = demoPartners.flatMap((partner) => partner.schedule.weekly);
    expect(demoPartners.some((partner) => partner.schedule.alwaysAvailable)).toBe(true);
    expect(slots.some((slot) => slot.to <= slot.from)).toBe(true);
    expect(demoPartners.some((partner) => partner.schedule.exceptions.some((exception) => !exception.available))).toBe(true);
    expect(slots).toContainEqual({ day: 1, from: '14:00', to: '17:00', categories: ['maternalInfantCare'] });
    expect(demoPartners.some((partner) => partner.serviceArea.communities.length === 0 && partner.serviceArea.grids.length > 0)).toBe(true);
  });
});
