import { parseDistrictConfig } from '#lib/district/district-config.ts';
import { type Partner, partnerSchema } from '#lib/partners/partner.ts';
import { newPartnerRecord, type PartnerRecord } from '#lib/partners/partner-record.ts';

export const district = parseDistrictConfig({
  id: 'test',
  name: { zh: '测试区', en: 'Test' },
  communities: [
    {
      id: 'hehua',
      name: { zh: '荷花社区', en: 'Hehua' },
      grids: [
        { id: 'hehua-1', name: { zh: '荷花第一网格', en: 'Hehua 1' } },
        { id: 'hehua-2', name: { zh: '荷花第二网格', en: 'Hehua 2' } },
      ],
    },
    { id: 'liuyin', name: { zh: '柳荫社区', en: 'Liuyin' }, grids: [{ id: 'liuyin-1', name: { zh: '柳荫第一网格', en: 'Liuyin 1' } }] },
  ],
  enabledCategories: ['repairs', 'housekeeping', 'haircut', 'physiotherapy', 'maternalInfantCare', 'childcare'],
});

export function partner(overrides: Partial<Record<keyof Partner, unknown>> = {}): Partner {
  return partnerSchema.parse({
    id: 'p-1',
    kind: 'individual',
    name: { zh: '王师傅' },
    status: 'active',
    capabilities: [{ category: 'repairs', skillLevel: 4 }],
    serviceArea: { communities: ['hehua'] },
    capacity: 3,
    priceMode: 'lowCost',
    homeVisits: true,
    schedule: { weekly: [{ day: 1, from: '14:00', to: '17:00' }] },
    contact: { name: '王建国', phone: '13900000011' },
    ...overrides,
  });
}

export function record(overrides: Partial<Record<keyof Partner, unknown>> = {}): PartnerRecord {
  return newPartnerRecord(partner(overrides), { by: 'op-1', reason: 'registered' }, new Date('2026-03-02T08:00:00Z'));
}
