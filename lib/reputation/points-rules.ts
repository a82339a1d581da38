/**
 * Points (积分) a partner earns for a completed and rated order, per the district's rules. Points
 * are exchanged for goods and services at partner shops; the ledger is append-only, one entry per
 * order, so a duplicate delivery can never credit twice.
 */
import * as z from 'zod/mini';

export const pointsRulesSchema = z.object({
  /** For every completed and rated order. */
  perCompletedOrder: z._default(z.number().check(z.int(), z.minimum(0)), 10),
  /** Extra when the service was free (公益). */
  freeServiceBonus: z._default(z.number().check(z.int(), z.minimum(0)), 5),
  /** Extra when the resident belongs to a special group (elderly 80+, disabled, …). */
  specialGroupBonus: z._default(z.number().check(z.int(), z.minimum(0)), 5),
  /** Extra for a five-star rating. */
  fiveStarBonus: z._default(z.number().check(z.int(), z.minimum(0)), 2),
});

export type PointsRules = z.output<typeof pointsRulesSchema>;

export interface PointsAward {
  points: number;
  reasons: string[];
}

export function pointsForRatedOrder(
  order: { priceMode: 'free' | 'lowCost' | 'market'; specialGroups: readonly string[]; stars: number },
  rules: PointsRules,
): PointsAward {
  const parts: Array<[boolean, number, string]> = [
    [true, rules.perCompletedOrder, 'completed order'],
    [order.priceMode === 'free', rules.freeServiceBonus, 'free service'],
    [order.specialGroups.length > 0, rules.specialGroupBonus, 'special group served'],
    [order.stars === 5, rules.fiveStarBonus, 'five-star rating'],
  ];
  const earned = parts.filter(([applies, points]) => applies && points > 0);
  return { points: earned.reduce((sum, [, points]) => sum + points, 0), reasons: earned.map(([, , reason]) => reason) };
}
