/**
 * `npm run bench` (issue #3, item 5; issue #12): the ranking benchmark, dispatch at 100 to 100,000
 * partners per category, bundle sizes and import times, then the end-to-end benchmark on the local runtime. Prints figures; asserts nothing. BENCH_QUICK=1 runs the short version (ranking up
 * to 10,000 candidates, 100 needs end to end) in a couple of minutes.
 */
import { main as bundles } from './bundles.bench.ts';
import { main as dispatch } from './dispatch.bench.ts';
import { main as endToEnd } from './end-to-end.bench.ts';
import { main as notificationIsolation } from './notification-isolation.bench.ts';
import { main as ranking } from './ranking.bench.ts';
import { main as reportReads } from './report-reads.bench.ts';

const quick = process.env.BENCH_QUICK === '1';
const rankingSizes = quick ? [10, 1_000, 10_000] : [10, 1_000, 10_000, 100_000];
const needs = quick ? 100 : 500;

function heading(title: string): void {
  console.log('');
  console.log(title);
  console.log('='.repeat(title.length));
}

const started = performance.now();
console.log(`npm run bench${quick ? ' (BENCH_QUICK=1)' : ''} — ${new Date().toISOString()}`);

heading(`1. Ranking: ${rankingSizes.map((size) => size.toLocaleString('en')).join(', ')} candidates`);
ranking(rankingSizes);

const dispatchSizes = quick ? [100, 1_000, 10_000] : [100, 1_000, 10_000, 100_000];
heading(`2. Dispatch: ${dispatchSizes.map((size) => size.toLocaleString('en')).join(', ')} partners in the category`);
await dispatch(dispatchSizes);

heading('3. Bundles: size and import time');
await bundles(quick ? 3 : 5);

heading(`4. End to end: ${needs} needs on the local runtime`);
try {
  await endToEnd({ needs });
} catch (error) {
  console.error('The end-to-end benchmark failed:', error);
  process.exitCode = 1;
}

heading('5. Report read cost: a week of 1,000 and 100,000 needs');
try {
  await reportReads(quick ? [1_000, 10_000] : [1_000, 100_000]);
} catch (error) {
  console.error('The report read benchmark failed:', error);
  process.exitCode = 1;
}

heading("6. Notifications: partner B's delay with partner A's webhook answering and hanging");
try {
  await notificationIsolation(quick ? 3 : 5);
} catch (error) {
  console.error('The notification isolation benchmark failed:', error);
  process.exitCode = 1;
}

console.log('');
console.log(
  `Done in ${((performance.now() - started) / 1000).toFixed(0)} s. Command: npm run bench (BENCH_QUICK=1 npm run bench for the short run).`,
);
// Everything was stopped (DynamoDB Local included); exit even if a library left a timer or socket behind.
process.exit();
