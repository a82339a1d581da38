/** A one-community district offering repairs and home care, and a form submission that fits it. */
import { parseDistrictConfig } from '#lib/district/district-config.ts';

export const district = parseDistrictConfig({
  id: 'test',
  name: { zh: '测试区', en: 'Test' },
  communities: [{ id: 'hehua', name: { zh: '荷花社区', en: 'Hehua' }, grids: [{ id: 'hehua-1', name: { zh: '一', en: 'One' } }] }],
  enabledCategories: ['repairs', 'homeCare'],
});

export const valid = {
  category: 'repairs',
  description: '厨房水龙头漏水',
  communityId: 'hehua',
  gridId: 'hehua-1',
  contact: { name: '王阿姨', phone: '138 0013 8000' },
};
