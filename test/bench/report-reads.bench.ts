/**
 * Report read cost (issue #11): what one report over a week reads, for a week of 1,000 and of
 * 100,000 needs. The needs are synthetic (demo district, a realistic mix of categories,
 * communities, daytime hours and outcomes); their counter cells are computed with the consumer's
 * own functions and written to DynamoDB Local, then the report's query reads them. The baseline is
 * the older /reports/supply-demand, which queries every need of the period through the community
 * index: it is measured on the same needs, written to the same table, for sizes up to
 * BENCH_REPORT_BASELINE_MAX (default 100,000). Prints figures; asserts nothing.
 * Run: node --import tsx test/bench/report-reads.bench.ts, or npm run bench.
 */
import { pathToFileURL } from 'node:url';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { loadDistrictFile } from '#lib/district/district-files.ts';
import { escalateNeed, moveNeed, type Need, newNeed, offerNeed } from '#lib/needs/need.ts';
import { reportCellKey, reportTotalKey } from '#lib/data/keys.ts';
import { addCounters, contributionOf, counterDelta } from '#lib/reports/report-counters.ts';
import { type LocalSystem, startLocalSystem } from '../support/local-system.ts';
import { seededRandom } from './synthetic-district.ts';

const district = loadDistrictFile('demo');
const weekStart = Date.parse('2026-11-16T00:00:00+08:00');
const categories = ['mealAssistance', 'homeCare', 'hospitalEscort', 'repairs', 'housekeeping', 'legalAdvice', 'proxyPaperwork', 'haircut', 'publicIssue'];

function syntheticWeek(size: number, seed = 11): Need[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const needs: Need[] = [];
  for (let index = 0; index < size; index += 1) {
    const day = Math.floor(random() * 7);
    // Mostly daytime: 07:00-21:00, a few at night.
    const hour = random() < 0.9 ? 7 + Math.floor(random() * 14) : Math.floor(random() * 24);
    const postedAt = new Date(weekStart + (day * 24 + hour) * 3_600_000 + Math.floor(random() * 3_600_000));
    const category = pick(categories);
    let need = newNeed(
      { category, communityId: pick(district.communities).id, description: '基准', urgency: 'normal', specialGroups: [], contact: { name: '测', phone: '13800138000' } },
      { id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`, districtId: 'demo', trackingTokenHash: 'x', correlationId: 'bench', now: postedAt },
    );
    const later = (minutes: number) => new Date(postedAt.getTime() + minutes * 60_000);
    const outcome = random();
    if (category === 'publicIssue' || outcome < 0.08) {
      need = escalateNeed(need, { code: category === 'publicIssue' ? 'notAService' : 'noCandidates', message: { zh: '-', en: '-' } }, later(1));
    } else if (outcome < 0.12) {
      need = moveNeed(need, 'cancelled', later(5));
    } else {
      need = offerNeed(need, later(1 + random() * 10));
      if (outcome > 0.2) {
        need = moveNeed(need, 'accepted', later(12 + random() * 60));
        if (outcome > 0.3) {
          need = moveNeed(moveNeed(need, 'started', later(80)), 'completed', later(120 + random() * 600));
          if (outcome > 0.5) need = { ...need, rating: { stars: 1 + Math.floor(random() * 5), tags: [], at: later(800).toISOString() }, version: need.version + 1 };
        }
      }
    }
    needs.push(need);
  }
  return needs;
}

/** The hourly cells and daily totals the stream consumer would have written for these needs. */
function counterItems(needs: readonly Need[]): { cells: Array<Record<string, unknown>>; totals: Array<Record<string, unknown>> } {
  const cells = new Map<string, Record<string, unknown>>();
  const totals = new Map<string, Record<string, unknown>>();
  for (const need of needs) {
    const contribution = contributionOf(need, district.timeZone);
    const { day, category, communityId, hourOfWeek } = contribution.cell;
    const delta = counterDelta(undefined, contribution);
    const cellKey = reportCellKey(day, category, communityId, hourOfWeek);
    const cell = cells.get(cellKey.sk + day) ?? { ...cellKey, type: 'reportCell', day, category, communityId, hourOfWeek };
    addCounters(cell as Record<string, number>, delta);
    cells.set(cellKey.sk + day, cell);
    const totalKey = reportTotalKey(day, category, communityId);
    const total = totals.get(totalKey.sk + day) ?? { ...totalKey, type: 'reportTotal', day, category, communityId };
    addCounters(total as Record<string, number>, delta);
    totals.set(totalKey.sk + day, total);
  }
  return { cells: [...cells.values()], totals: [...totals.values()] };
}

const kilobytes = (items: readonly unknown[]) => Math.round(items.reduce<number>((sum, item) => sum + JSON.stringify(item).length, 0) / 1024);

async function writeAll(system: LocalSystem, items: Array<Record<string, unknown>>): Promise<void> {
  const { documentClient } = await import('#lib/data/dynamo-client.ts');
  for (let start = 0; start < items.length; start += 25) {
    let requests = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0 && attempt < 10; attempt += 1) {
      const reply = await documentClient.send(new BatchWriteCommand({ RequestItems: { [system.tableName]: requests } }));
      requests = (reply.UnprocessedItems?.[system.tableName] ?? []) as typeof requests;
    }
  }
}

export async function main(sizes = [1_000, 100_000]): Promise<void> {
  const baselineMax = Number(process.env.BENCH_REPORT_BASELINE_MAX ?? 100_000);
  console.log('| needs in the week | needs list: items read (KB) | gap: items read (KB) | baseline: needs read (KB) | needs list ms | gap ms | baseline ms |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  for (const size of sizes) {
    // A fresh table per size, no stream consumers: the cells are written as the consumer would.
    const system = await startLocalSystem({ seed: false, streamConsumers: [], webDirectory: null });
    try {
      const needs = syntheticWeek(size);
      const { cells, totals } = counterItems(needs);
      await writeAll(system, [...cells, ...totals]);
      const { cellsOfDay } = await import('#lib/data/report-counters-repository.ts');
      const days = ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22'];
      const timed = async (grain: 'hours' | 'totals') => {
        const started = performance.now();
        const read = await Promise.all(days.map((day) => cellsOfDay(day, grain)));
        const items = read.flatMap((day) => day.cells);
        return { ms: performance.now() - started, items: read.reduce((sum, day) => sum + day.itemsRead, 0), kb: kilobytes(items) };
      };
      await timed('totals'); // warm-up
      const demand = await timed('totals');
      const gap = await timed('hours');

      let baseline = { read: '—', ms: '—' };
      if (size <= baselineMax) {
        const { needItem } = await import('#lib/data/needs-repository.ts');
        await writeAll(system, needs.map(needItem));
        const { needsOfCommunity } = await import('#lib/data/reports-repository.ts');
        const baselineStarted = performance.now();
        // As /reports/supply-demand queries them: every need of the week, projected to four attributes.
        const read = await Promise.all(district.communities.map((community) => needsOfCommunity(community.id, '2026-11-15T16:00:00.000Z', '2026-11-22T15:59:59.999Z')));
        const ms = (performance.now() - baselineStarted).toFixed(0);
        baseline = { read: `${read.flat().length.toLocaleString('en')} (${kilobytes(needs.map(needItem))} stored)`, ms };
      }
      console.log(
        `| ${size.toLocaleString('en')} | ${demand.items.toLocaleString('en')} (${demand.kb}) | ${gap.items.toLocaleString('en')} (${gap.kb}) | ${baseline.read} | ${demand.ms.toFixed(0)} | ${gap.ms.toFixed(0)} | ${baseline.ms} |`,
      );
    } finally {
      await system.stop();
    }
  }
  const pairs = categories.length * district.communities.length;
  console.log(
    `Bounds for a week whatever the number of needs (this mix: ${categories.length} categories × ${district.communities.length} communities): needs list ≤ 7 × ${pairs} = ${(7 * pairs).toLocaleString('en')} items, gap ≤ 168 × ${pairs} = ${(168 * pairs).toLocaleString('en')} items (KB: item JSON sizes, an approximation of what DynamoDB bills; the baseline's "stored" is the whole need items its query reads before projecting).`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await main(process.env.BENCH_QUICK === '1' ? [1_000, 10_000] : undefined);
  process.exit();
}
