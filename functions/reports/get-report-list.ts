import { NotFound } from '#lib/common/domain-errors.ts';
import { cellsOfDay } from '#lib/data/report-counters-repository.ts';
import { activePartners } from '#lib/data/reports-repository.ts';
import { currentDistrict } from '#lib/district/current-district.ts';
import { type HttpEvent, type HttpResult, jsonResponse } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { parseInput } from '#lib/http/validate.ts';
import { localDateTime } from '#lib/matching/local-time.ts';
import { csvTable } from '#lib/reports/csv-table.ts';
import { demandColumns, gapColumns, supplyColumns } from '#lib/reports/list-columns.ts';
import { reportDays, reportQuerySchema, wantsCsv } from '#lib/reports/report-query.ts';
import { demandList, gapList, supplyList } from '#lib/reports/three-lists.ts';

const district = currentDistrict();

const lists = ['demand', 'supply', 'gap'] as const;

function listOf(event: HttpEvent): (typeof lists)[number] {
  const name = event.pathParameters?.list;
  const list = lists.find((entry) => entry === name);
  if (!list) throw new NotFound(`report ${name} (demand, supply or gap)`);
  return list;
}

/**
 * One of the three lists over a period of local dates, from the report counters: one query per day
 * (the day's totals for the needs list, its hourly cells for the gap), however many needs the days
 * had, and the active partners for supply and gap. `itemsRead` says what the report cost.
 */
export async function getReportList(event: HttpEvent): Promise<HttpResult> {
  const list = listOf(event);
  const query = parseInput(reportQuerySchema, event.queryStringParameters ?? {});
  const period = reportDays(query, localDateTime(Date.now(), district.timeZone).date);
  const [days, partners] = await Promise.all([
    list === 'supply' ? [] : Promise.all(period.days.map((date) => cellsOfDay(date, list === 'demand' ? 'totals' : 'hours'))),
    list === 'demand' ? [] : activePartners(),
  ]);
  const cells = days.flatMap((day) => day.cells);
  const itemsRead = days.reduce((sum, day) => sum + day.itemsRead, 0) + partners.length;
  const supply = supplyList(district, partners);
  const csv = wantsCsv(query, event.headers?.accept);
  const language = query.lang;

  let rows: unknown[];
  let body = '';
  if (list === 'demand') {
    const byGrid = query.by === 'grid';
    const demand = demandList(district, cells, byGrid);
    rows = demand;
    if (csv) body = csvTable(demandColumns(district, language, byGrid), demand, language);
  } else if (list === 'supply') {
    rows = supply;
    if (csv) body = csvTable(supplyColumns(district, language), supply, language);
  } else {
    const gap = gapList(district, cells, supply);
    rows = gap;
    if (csv) body = csvTable(gapColumns(district, language), gap, language);
  }

  if (!csv) return jsonResponse(200, { list, period: { from: period.from, to: period.to, timeZone: district.timeZone }, itemsRead, rows });
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${list}-${period.from}-${period.to}.csv"`,
      'cache-control': 'no-store',
      'x-items-read': String(itemsRead),
    },
    body,
  };
}

export const handler = httpHandler(getReportList);
