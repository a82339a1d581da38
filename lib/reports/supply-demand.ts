/**
 * The three lists (三张清单) as one report: demand (needs posted), supply (active partners able to
 * serve) and the gap, per category and community over a period, so operators "add what is missing"
 * (缺什么补什么) and know where to recruit (招募令).
 *
 * A partner supplies a community when its service area lists the community, one of the community's
 * grids, or a radius around its base that reaches the community's centre. Unmet demand is the
 * needs escalated because no partner could take them (not the public problems, which are never
 * matched). A cell calls for recruiting when it had demand and either no partner supplies it or at
 * least `recruitWhenUnmetShare` of its needs went unmet.
 */
import type { DistrictConfig } from '../district/district-config.ts';
import { enabledCategories } from '../district/district-lookups.ts';
import { haversineKm } from '../matching/geo.ts';
import type { NeedStatus } from '../needs/need.ts';
import type { Partner } from '../partners/partner.ts';
import { unmetEscalationCodes } from './report-counters.ts';

export const recruitWhenUnmetShare = 0.2;

export interface DemandRecord {
  category: string;
  communityId: string;
  status: NeedStatus;
  escalationCode?: string;
}

export interface ReportCell {
  category: string;
  communityId: string;
  demand: { needs: number; offered: number; served: number; completed: number; unmet: number; cancelled: number };
  supply: { partners: number; capacity: number; freeOrLowCost: number };
  gap: { unmetShare: number; recruit: boolean };
}

export interface SupplyDemandReport {
  period: { from: string; to: string };
  cells: ReportCell[];
  byCategory: Array<Omit<ReportCell, 'communityId'>>;
  recruit: Array<{ category: string; communityId: string; why: string }>;
}

const served: readonly NeedStatus[] = ['accepted', 'started', 'completed', 'closed'];
const unmetCodes = new Set(unmetEscalationCodes);

export function suppliesCommunity(partner: Partner, community: DistrictConfig['communities'][number]): boolean {
  const area = partner.serviceArea;
  if (area.communities.includes(community.id)) return true;
  if (community.grids.some((grid) => area.grids.includes(grid.id))) return true;
  return Boolean(area.radiusKm && partner.base && community.centre && haversineKm(partner.base, community.centre) <= area.radiusKm);
}

function emptyCell(category: string, communityId: string): ReportCell {
  return {
    category,
    communityId,
    demand: { needs: 0, offered: 0, served: 0, completed: 0, unmet: 0, cancelled: 0 },
    supply: { partners: 0, capacity: 0, freeOrLowCost: 0 },
    gap: { unmetShare: 0, recruit: false },
  };
}

export type DemandCounts = ReportCell['demand'] & { category: string; communityId: string };

/** Per-need records counted per category × community (what the counters hold, for tests and small inputs). */
export function countDemand(demand: readonly DemandRecord[]): DemandCounts[] {
  const counts = new Map<string, DemandCounts>();
  for (const need of demand) {
    const key = `${need.category}|${need.communityId}`;
    const entry = counts.get(key) ?? { category: need.category, communityId: need.communityId, ...emptyCell('', '').demand };
    entry.needs += 1;
    if (need.status === 'offered') entry.offered += 1;
    if (served.includes(need.status)) entry.served += 1;
    if (need.status === 'completed' || need.status === 'closed') entry.completed += 1;
    if (need.status === 'escalated' && unmetCodes.has(need.escalationCode ?? '')) entry.unmet += 1;
    if (need.status === 'cancelled') entry.cancelled += 1;
    counts.set(key, entry);
  }
  return [...counts.values()];
}

export function supplyDemandReport(
  district: DistrictConfig,
  period: { from: string; to: string },
  demand: readonly DemandRecord[],
  activePartners: readonly Partner[],
): SupplyDemandReport {
  return supplyDemandReportOfCounts(district, period, countDemand(demand), activePartners);
}

/** The report from demand already counted per category × community (the report counters' daily totals). */
export function supplyDemandReportOfCounts(
  district: DistrictConfig,
  period: { from: string; to: string },
  demand: readonly DemandCounts[],
  activePartners: readonly Partner[],
): SupplyDemandReport {
  const categories = enabledCategories(district).filter((category) => !('escalateOnly' in category));
  const cells = new Map<string, ReportCell>();
  const cellOf = (category: string, communityId: string) => {
    const key = `${category}|${communityId}`;
    const existing = cells.get(key);
    if (existing) return existing;
    const cell = emptyCell(category, communityId);
    cells.set(key, cell);
    return cell;
  };
  for (const category of categories) for (const community of district.communities) cellOf(category.code, community.id);

  for (const { category, communityId, ...counts } of demand) {
    const cell = cells.get(`${category}|${communityId}`);
    if (!cell) continue;
    for (const name of Object.keys(cell.demand) as Array<keyof ReportCell['demand']>) cell.demand[name] += counts[name];
  }

  for (const partner of activePartners) {
    for (const community of district.communities) {
      if (!suppliesCommunity(partner, community)) continue;
      for (const capability of partner.capabilities) {
        const cell = cells.get(`${capability.category}|${community.id}`);
        if (!cell) continue;
        cell.supply.partners += 1;
        cell.supply.capacity += partner.capacity;
        if (partner.priceMode !== 'market') cell.supply.freeOrLowCost += 1;
      }
    }
  }

  const recruit: SupplyDemandReport['recruit'] = [];
  for (const cell of cells.values()) {
    cell.gap.unmetShare = cell.demand.needs > 0 ? Math.round((cell.demand.unmet / cell.demand.needs) * 1000) / 1000 : 0;
    const noSupply = cell.demand.needs > 0 && cell.supply.partners === 0;
    const tooMuchUnmet = cell.demand.needs > 0 && cell.gap.unmetShare >= recruitWhenUnmetShare;
    cell.gap.recruit = noSupply || tooMuchUnmet;
    if (cell.gap.recruit) {
      recruit.push({
        category: cell.category,
        communityId: cell.communityId,
        why: noSupply ? 'demand with no partner serving it' : `${Math.round(cell.gap.unmetShare * 100)}% of needs unmet`,
      });
    }
  }

  const byCategory = categories.map(({ code }) => {
    const rows = [...cells.values()].filter((cell) => cell.category === code);
    const sum = (pick: (cell: ReportCell) => number) => rows.reduce((total, cell) => total + pick(cell), 0);
    const needs = sum((cell) => cell.demand.needs);
    const unmet = sum((cell) => cell.demand.unmet);
    return {
      category: code,
      demand: {
        needs,
        offered: sum((cell) => cell.demand.offered),
        served: sum((cell) => cell.demand.served),
        completed: sum((cell) => cell.demand.completed),
        unmet,
        cancelled: sum((cell) => cell.demand.cancelled),
      },
      // A partner serving several communities counts once per community it serves.
      supply: { partners: sum((cell) => cell.supply.partners), capacity: sum((cell) => cell.supply.capacity), freeOrLowCost: sum((cell) => cell.supply.freeOrLowCost) },
      gap: { unmetShare: needs > 0 ? Math.round((unmet / needs) * 1000) / 1000 : 0, recruit: rows.some((cell) => cell.gap.recruit) },
    };
  });

  return { period, cells: [...cells.values()], byCategory, recruit };
}
