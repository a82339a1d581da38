/**
 * The need most tests send: a hospital escort in grid hehua-1 on a Tuesday morning for a resident
 * over 80, which the matcher offers to the always-on-duty hehua volunteers (worked by hand on the demo data).
 */
import { nextShanghaiWeekday, shanghaiWindow } from './district-time.ts';

export const hehuaVolunteers = { id: 'demo-hehua-volunteers', nameZh: '荷花社区党员志愿服务队', phone: '13800000005' } as const;

export function hehuaEscort() {
  return {
    category: 'hospitalEscort',
    description: '周二上午要去区医院复查，想请人陪我去。',
    communityId: 'hehua',
    gridId: 'hehua-1',
    address: '5栋1单元302室',
    preferredWindow: shanghaiWindow(nextShanghaiWeekday(2), '09:00', '11:00'),
    urgency: 'normal',
    specialGroups: ['elderly80'],
    contact: { name: '王阿姨', phone: '13800138000' },
  };
}
