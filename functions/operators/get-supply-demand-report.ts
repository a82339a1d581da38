import { periodSchema } from '#lib/api/request-schemas.ts';
import { cellsOfDay } from '#lib/data/report-counters-repository.ts';
import { activePartners } from '#lib/data/reports-repository.ts';
import { currentDistrict } from '#lib/district/current-district.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { parseInput } from '#lib/http/validate.ts';
import { addDays, localDateTime } from '#lib/matching/local-time.ts';
import { reportDays } from '#lib/reports/report-query.ts';
import { supplyDemandReportOfCounts } from '#lib/reports/supply-demand.ts';
import { demandCountsOf } from '#lib/reports/three-lists.ts';

const district = currentDistrict();

/**
 * Demand, supply and the gap per category and community over a period of local dates (default: the
 * last 30 days, `to` inclusive, at most 93), with the cells where the district should recruit
 * partners (招募令). Demand comes from the report counters' daily totals: one query per day,
 * however many needs the period had.
 */
export async function getSupplyDemandReport(event: HttpEvent) {
  const query = parseInput(periodSchema, event.queryStringParameters ?? {});
  const today = localDateTime(Date.now(), district.timeZone).date;
  const to = query.to ?? today;
  const period = reportDays({ from: query.from ?? addDays(to, -29), to }, today);
  const [partners, ...days] = await Promise.all([activePartners(), ...period.days.map((day) => cellsOfDay(day, 'totals'))]);
  const demand = demandCountsOf(days.flatMap((day) => day.cells));
  return jsonResponse(200, supplyDemandReportOfCounts(district, { from: period.from, to: period.to }, demand, partners));
}

export const handler = httpHandler(getSupplyDemandReport);
