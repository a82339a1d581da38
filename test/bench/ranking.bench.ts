/**
 * Ranking benchmark (issue #3, item 5; issue #12): rankCandidates against rankNaively on the same
 * candidates (the category's partners), on the same synthetic data. Prints a table;
 * asserts nothing. Run: node --import tsx test/bench/ranking.bench.ts (or npm run bench).
 */
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { defaultMatchingSettings } from '../../lib/matching/matching-settings.ts';
import { rankCandidates } from '../../lib/matching/rank-candidates.ts';
import { rankNaively } from './rank-naively.ts';
import { benchData, benchDistrict, benchNow, benchRequest } from './synthetic-district.ts';

const otherCategoryMultiple = 9;
const defaultSizes = [10, 1_000, 10_000, 100_000];
const runsFor = (size: number) => (size <= 10_000 ? 21 : 5);
const naiveRunsFor = (size: number) => (size <= 10_000 ? 9 : 3);
/** Runs before the measured ones, for both rankings alike: a warm Lambda has ranked many times, and V8 optimizes a function only after it has run a while. */
const warmUpRuns = 3;

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const megabytes = (bytes: number) => (bytes / 1_048_576).toFixed(1);

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * Median wall time over `runs`, and the heap growth over the first run (measured from just after a
 * full collection, so it approximates what one ranking allocates), after `warmUp` unmeasured runs.
 */
function measure<T>(runs: number, warmUp: number, work: () => T): { ms: number; minMs: number; heapGrowth: number; result: T } {
  for (let run = 0; run < warmUp; run += 1) work();
  const times: number[] = [];
  let heapGrowth = 0;
  let result: T | undefined;
  for (let run = 0; run < runs; run += 1) {
    if (run === 0) collectGarbage();
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    result = work();
    times.push(performance.now() - started);
    if (run === 0) heapGrowth = process.memoryUsage().heapUsed - heapBefore;
  }
  return { ms: median(times), minMs: Math.min(...times), heapGrowth, result: result as T };
}

/**
 * Naive time over rank time in back-to-back pairs, the median over the pairs: on a shared machine
 * both halves of a pair meet about the same load, which separate medians taken minutes apart do not.
 */
function pairedRatio(pairs: number, rank: () => unknown, naive: () => unknown): number {
  const ratios: number[] = [];
  for (let pair = 0; pair < pairs; pair += 1) {
    const started = performance.now();
    rank();
    const ranked = performance.now();
    naive();
    ratios.push((performance.now() - ranked) / (ranked - started));
  }
  return median(ratios);
}

/** Prints the table; `sizes` lets a caller run a shorter benchmark (the 100,000 row takes about a minute). */
export function main(sizes: readonly number[] = defaultSizes): void {
  const rows: Record<string, string | number>[] = [];
  for (const size of sizes) {
    const data = benchData(size, otherCategoryMultiple);
    collectGarbage();
    const heapWithData = process.memoryUsage().heapUsed;
    const runs = runsFor(size);

    const ranked = measure(runs, warmUpRuns, () =>
      rankCandidates(benchRequest, data.candidates, defaultMatchingSettings, benchDistrict, benchNow),
    );
    // As a dispatch meets them: candidates fresh from the table, whose rosters are compiled in the run.
    const fresh = Array.from({ length: runs }, () =>
      data.candidates.map(({ partner, standing }) => ({ partner: { ...partner, schedule: structuredClone(partner.schedule) }, standing })),
    );
    let freshRun = 0;
    const cold = measure(runs, 0, () =>
      rankCandidates(benchRequest, fresh[freshRun++ % runs] ?? data.candidates, defaultMatchingSettings, benchDistrict, benchNow),
    );
    fresh.length = 0;
    const naive = measure(naiveRunsFor(size), warmUpRuns, () =>
      rankNaively(benchRequest, data.candidates, defaultMatchingSettings, benchDistrict, benchNow),
    );
    const paired =
      size <= 10_000
        ? pairedRatio(
            naiveRunsFor(size),
            () => rankCandidates(benchRequest, data.candidates, defaultMatchingSettings, benchDistrict, benchNow),
            () => rankNaively(benchRequest, data.candidates, defaultMatchingSettings, benchDistrict, benchNow),
          )
        : undefined;
    const naiveChoice = naive.result[0]?.eligible ? naive.result[0].partnerId : undefined;

    rows.push({
      candidates: size,
      'district partners': data.everyone.length,
      eligible: ranked.result.eligible,
      'rank ms (median)': Number(ranked.ms.toFixed(3)),
      'rank ms (min)': Number(ranked.minMs.toFixed(3)),
      'rank ms, rosters compiled in the run': Number(cold.ms.toFixed(3)),
      'naive ms (median)': Number(naive.ms.toFixed(3)),
      'naive / rank': Number((naive.ms / ranked.ms).toFixed(1)),
      'naive / rank, paired runs': paired === undefined ? '-' : Number(paired.toFixed(1)),
      'heap with data MB': megabytes(heapWithData),
      'rank heap +MB': megabytes(ranked.heapGrowth),
      'naive heap +MB': megabytes(naive.heapGrowth),
      runs: `${runs} / ${naiveRunsFor(size)}`,
      'same choice': ranked.result.chosen?.partnerId === naiveChoice ? 'yes' : 'NO',
    });
  }

  console.log(
    `Ranking benchmark — Node ${process.version}, ${process.arch}; request: repairs, normal urgency (7-day horizon), location known, special group.`,
  );
  console.log(
    `Assumption: both see the same candidates (the category's partners); the naive baseline evaluates every constraint and every applying term for each and sorts them all, rankCandidates stops at the first failed constraint and keeps the top ${1 + defaultMatchingSettings.runnerUps}. (The district's other partners, ${otherCategoryMultiple}× as many, are built but never read.)`,
  );
  console.table(rows);
  console.log(
    'Times: medians of the runs shown (rank / naive), and the fastest ranking run (on a shared machine the least disturbed); "paired runs": the median of naive / rank over back-to-back pairs (up to 10,000). Rank: duty rosters already compiled (each schedule object compiles once, lib/matching/compiled-roster.ts); "rosters compiled in the run": every candidate with a schedule object never seen, as a dispatch reading them from the table meets them. Heap: heapUsed once the data is built, and its growth over one run started right after a full collection.',
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
