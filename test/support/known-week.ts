/**
 * A week of needs with a known history (demo district, Asia/Shanghai), and the figures the three
 * lists must give for it. Shared by the unit test of the counters and the integration test that
 * writes the needs to DynamoDB Local and lets the stream consumer count them.
 */
import { escalateNeed, moveNeed, type Need, newNeed, offerNeed } from '#lib/needs/need.ts';
import type { NeedSubmission } from '#lib/needs/need-submission.ts';

const minute = 60_000;

function posted(id: number, category: string, communityId: string, localPostedAt: string, gridId?: string): Need {
  const submission: NeedSubmission = {
    category,
    communityId,
    ...(gridId ? { gridId } : {}),
    description: '已知的一周',
    urgency: 'normal',
    specialGroups: [],
    contact: { name: '测试', phone: '13800138000' },
  };
  return newNeed(submission, {
    id: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
    districtId: 'demo',
    trackingTokenHash: 'x',
    correlationId: `known-${id}`,
    now: new Date(`${localPostedAt}+08:00`),
  });
}

const after = (need: Need, minutes: number) => new Date(Date.parse(need.createdAt) + minutes * minute);

function served(need: Need, offerAfter: number, acceptAfter: number, completeAfter: number, stars?: number): Need {
  let next = offerNeed(need, after(need, offerAfter));
  next = moveNeed(next, 'accepted', after(need, acceptAfter));
  next = { ...next, assignedPartner: { id: 'demo-li-jianguo', name: { zh: '李建国' } } };
  next = moveNeed(next, 'started', after(need, acceptAfter + 1));
  next = moveNeed(next, 'completed', after(need, completeAfter));
  if (stars !== undefined) next = { ...next, rating: { stars, tags: [], at: after(need, completeAfter + 60).toISOString() }, version: next.version + 1 };
  return next;
}

const unmet = (need: Need, afterMinutes: number) =>
  escalateNeed(need, { code: 'noCandidates', message: { zh: '无人可接', en: 'nobody fits' } }, after(need, afterMinutes));

/** Every need's final state, in the order they were posted. */
export function knownWeek(): Need[] {
  return [
    // Tuesday 17 Nov, 09:xx and 10:xx: repairs in Hehua.
    served(posted(1, 'repairs', 'hehua', '2026-11-17T09:30:00', 'hehua-2'), 4, 20, 200, 5),
    served(posted(2, 'repairs', 'hehua', '2026-11-17T09:10:00'), 8, 50, 400, 3),
    unmet(posted(3, 'repairs', 'hehua', '2026-11-17T10:05:00'), 1),
    moveNeed(posted(4, 'repairs', 'hehua', '2026-11-17T09:40:00'), 'cancelled', new Date('2026-11-17T09:42:00+08:00')),
    // Saturday 21 Nov, 20:00: childcare in Liuyin, nobody to take it.
    unmet(posted(5, 'childcare', 'liuyin', '2026-11-21T20:00:00'), 1),
    // Monday 16 Nov, 08:00: legal advice in Taoyuan, offered and waiting.
    offerNeed(posted(6, 'legalAdvice', 'taoyuan', '2026-11-16T08:00:00'), new Date('2026-11-16T08:03:00+08:00')),
    // Outside the week (Monday 23 Nov).
    unmet(posted(7, 'repairs', 'hehua', '2026-11-23T09:00:00'), 1),
  ];
}

export const knownPeriod = { from: '2026-11-16', to: '2026-11-22' };

/** What the needs list must say for the known week, row by row (category|community order). */
export const expectedDemand = [
  {
    category: 'childcare',
    communityId: 'liuyin',
    posted: 1,
    byStatus: { submitted: 0, offered: 0, accepted: 0, started: 0, completed: 0, escalated: 1, cancelled: 0, closed: 0 },
    medianMinutes: { firstOffer: null, accepted: null, completed: null },
    completionRate: 0,
    escalationRate: 1,
    satisfactionRate: null,
    meanStars: null,
  },
  {
    category: 'legalAdvice',
    communityId: 'taoyuan',
    posted: 1,
    byStatus: { submitted: 0, offered: 1, accepted: 0, started: 0, completed: 0, escalated: 0, cancelled: 0, closed: 0 },
    medianMinutes: { firstOffer: 3, accepted: null, completed: null },
    completionRate: 0,
    escalationRate: 0,
    satisfactionRate: null,
    meanStars: null,
  },
  {
    category: 'repairs',
    communityId: 'hehua',
    posted: 4,
    byStatus: { submitted: 0, offered: 0, accepted: 0, started: 0, completed: 2, escalated: 1, cancelled: 1, closed: 0 },
    // 4 and 8 minutes fall in the buckets up to 5 and 10: the median's bucket is "at most 5".
    medianMinutes: { firstOffer: 5, accepted: 20, completed: 240 },
    completionRate: 0.5,
    escalationRate: 0.25,
    satisfactionRate: 0.5,
    meanStars: 4,
  },
];

/** The repairs in Hehua by grid: one need named grid hehua-2, the three others none. */
export const expectedRepairsByGrid = [
  { gridId: null, posted: 3, completed: 1, escalated: 1, cancelled: 1 },
  { gridId: 'hehua-2', posted: 1, completed: 1, escalated: 0, cancelled: 0 },
];

/** The gap cells (hour of the week: Monday 00:00 = 0) and their counts. */
export const expectedGapCounts = [
  { category: 'repairs', communityId: 'hehua', hourOfWeek: 34, waiting: 0, escalated: 1, unmet: 1 },
  { category: 'childcare', communityId: 'liuyin', hourOfWeek: 140, waiting: 0, escalated: 1, unmet: 1 },
  { category: 'legalAdvice', communityId: 'taoyuan', hourOfWeek: 8, waiting: 1, escalated: 0, unmet: 0 },
];
