/**
 * The needs of a simulated week for `npm run simulate-week`: a seeded, realistic mix of
 * categories, communities and grids, special groups, urgency and public problems, each wanting
 * service in a two-hour window on one of the next seven days at the hours residents ask for.
 * Pure: the catalog and a seed in, the request bodies out.
 */
import { addDays, instantOfLocal, localDateTime } from '#lib/matching/local-time.ts';

import { seededRandom } from '#lib/common/seeded-random.ts';

export { seededRandom };

export interface Catalog {
  district: { id: string; timeZone: string };
  categories: Array<{ code: string; escalateOnly: boolean }>;
  communities: Array<{ id: string; grids: Array<{ id: string }> }>;
}

/** Relative frequency of each category, after what the source reports say residents ask for most. */
const categoryWeights: Record<string, number> = {
  repairs: 14, mealAssistance: 12, homeCare: 10, hospitalEscort: 10, housekeeping: 8, proxyPaperwork: 7, publicIssue: 6,
  haircut: 5, legalAdvice: 5, medicalService: 5, childcare: 3, maternalInfantCare: 3, employmentAdvice: 3, freshProduce: 3,
  counselling: 2, laundry: 2, tailoring: 2, physiotherapy: 2, mediation: 2, skillsTraining: 1,
};

/** Window starts (local hour) and how often residents pick them. */
const hourWeights: Array<[number, number]> = [[8, 10], [9, 14], [10, 12], [13, 8], [14, 12], [15, 10], [16, 6], [18, 5], [19, 3]];

const descriptions: Record<string, string[]> = {
  repairs: ['厨房水龙头漏水', '卫生间灯不亮了', '门锁坏了打不开'],
  mealAssistance: ['老人行动不便，需要送餐', '想订一周午餐'],
  homeCare: ['老人需要上门照护，帮忙洗澡', '需要上门陪护半天'],
  hospitalEscort: ['周二上午去医院复查，需要陪同', '需要陪同去社区医院取药'],
  publicIssue: ['楼道里有人给电动车充电，很危险', '小区门口下水道堵了', '夜里停车占了消防通道'],
};


function weighted<T>(random: () => number, entries: Array<[T, number]>): T {
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let left = random() * total;
  for (const [value, weight] of entries) {
    left -= weight;
    if (left <= 0) return value;
  }
  return (entries.at(-1) as [T, number])[0];
}

const surnames = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const givenNames = ['秀兰', '建国', '桂英', '志强', '淑珍', '海燕', '德明', '丽华'];

/** Where and when some partner serves: a category in a community (and grid), a weekday and hour of duty. */
export interface SupplySlot {
  category: string;
  communityId: string;
  gridId?: string;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  hour: number;
}

/** The share of needs drawn where partners serve; the rest fall anywhere and show the gaps. */
const servedShare = 0.7;

function nextDateOnWeekday(today: string, weekday: number): string {
  for (let ahead = 1; ahead <= 7; ahead += 1) {
    const date = addDays(today, ahead);
    if (localDateTime(Date.parse(`${date}T12:00:00Z`), 'UTC').weekday === weekday) return date;
  }
  return addDays(today, 1);
}

export function simulatedWeek(catalog: Catalog, needs: number, seed: number, supply: readonly SupplySlot[] = [], now = Date.now()): Array<Record<string, unknown>> {
  const random = seededRandom(seed);
  const zone = catalog.district.timeZone;
  const today = localDateTime(now, zone).date;
  const categories: Array<[string, number]> = catalog.categories.map((category) => [category.code, categoryWeights[category.code] ?? 1]);
  const bodies: Array<Record<string, unknown>> = [];
  for (let index = 0; index < needs; index += 1) {
    const slot = supply.length > 0 && random() < servedShare ? supply[Math.floor(random() * supply.length)] : undefined;
    const category = slot?.category ?? weighted(random, categories);
    const community = (catalog.communities.find((entry) => entry.id === slot?.communityId) ??
      catalog.communities[Math.floor(random() * catalog.communities.length)]) as Catalog['communities'][number];
    const grid = slot ? slot.gridId : community.grids.length > 0 && random() < 0.7 ? community.grids[Math.floor(random() * community.grids.length)]?.id : undefined;
    const urgent = !slot && category !== 'publicIssue' && random() < 0.08;
    const specialGroups = [
      ...(random() < 0.15 ? ['elderly80'] : []),
      ...(random() < 0.08 ? ['livingAlone'] : []),
      ...(random() < 0.04 ? ['disabled'] : []),
      ...(random() < 0.03 ? ['infant'] : []),
    ];
    const day = slot ? nextDateOnWeekday(today, slot.weekday) : addDays(today, 1 + Math.floor(random() * 7));
    const hour = slot?.hour ?? weighted(random, hourWeights);
    const from = instantOfLocal(day, hour * 60, zone);
    const texts = descriptions[category] ?? ['需要帮忙，请联系我'];
    bodies.push({
      category,
      description: texts[Math.floor(random() * texts.length)],
      communityId: community.id,
      ...(grid ? { gridId: grid } : {}),
      // Urgent needs want someone now, not in a window.
      ...(urgent ? { urgency: 'urgent' } : { preferredWindow: { from: new Date(from).toISOString(), to: new Date(from + 2 * 3_600_000).toISOString() } }),
      specialGroups,
      contact: {
        name: `${surnames[Math.floor(random() * surnames.length)]}${givenNames[Math.floor(random() * givenNames.length)]}`,
        phone: `138${String(Math.floor(random() * 1e8)).padStart(8, '0')}`,
      },
    });
  }
  return bodies;
}

/** What a simulated partner does with an offer, and a resident's stars. */
export function partnerChoice(random: () => number): 'accept' | 'decline' | 'lapse' {
  return weighted(random, [['accept', 75], ['decline', 10], ['lapse', 15]]);
}

export function residentStars(random: () => number): number {
  return weighted(random, [[5, 50], [4, 30], [3, 10], [2, 6], [1, 4]]);
}
