/**
 * Needs whose first offer is known on the demo district's partners, worked out by hand in
 * test/integration/matching/cascade.test.ts.
 */
import { nextShanghaiWeekday, shanghaiWindow } from './district-time.ts';

/** Goes first to the Hehua volunteers (demo-hehua-volunteers), then to the Dongcheng clinic. */
export const hospitalEscortNeed = {
  category: 'hospitalEscort',
  description: '周二上午去市一医院复查，需要有人陪同',
  communityId: 'hehua',
  gridId: 'hehua-1',
  address: '荷花小区5幢1单元302',
  preferredWindow: shanghaiWindow(nextShanghaiWeekday(2), '09:00', '11:00'),
  specialGroups: ['elderly80'],
  contact: { name: '赵奶奶', phone: '13700137000' },
};
