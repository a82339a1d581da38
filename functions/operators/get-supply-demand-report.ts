import * as z from 'zod';
import { activePartners, needsOfCommunity } from '#lib/data/reports-repository.ts';
import { currentDistrict } from '#lib/district/current-district.ts';
import { type HttpEvent, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { parseInput } from '#lib/http/validate.ts';
import { supplyDemandReport } from '#lib/reports/supply-demand.ts';

const district = currentDistrict();
const day = z.iso.date({ message: 'a date as YYYY-MM-DD' });
const periodSchema = z
  .strictObject({ from: day.optional(), to: day.optional() })
  .refine((period) => !period.from || !period.to || period.from <= period.to, { message: 'must not be before from', path: ['to'] });

/**
 * Demand, supply and the gap per category and community over a period (default: the last 30 days,
 * `to` inclusive), with the cells where the district should recruit partners (招募令).
 */
export async function getSupplyDemandReport(event: HttpEvent) {
  const query = parseInput(periodSchema, event.queryStringParameters ?? {});
  const to = query.to ?? new Date().toISOString().slice(0, 10);
  const from = query.from ?? new Date(Date.parse(to) - 29 * 86_400_000).toISOString().slice(0, 10);
  // Needs are indexed by their UTC creation instant; `to` is inclusive through the end of that day.
  const [partners, ...demandByCommunity] = await Promise.all([
    activePartners(),
    ...district.communities.map((community) => needsOfCommunity(community.id, `${from}T00:00:00.000Z`, `${to}T23:59:59.999Z`)),
  ]);
  return jsonResponse(200, supplyDemandReport(district, { from, to }, demandByCommunity.flat(), partners));
}

export const handler = httpHandler(getSupplyDemandReport);
