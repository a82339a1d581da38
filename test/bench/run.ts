/**
 * `npm run bench` (issue #3, item 5; issue #12): the ranking benchmark, dispatch at 100 to 100,000
 * partners per category, bundle sizes and import times, then the end-to-end benchmark on the local
 * runtime, report read cost and notification isolation. Prints figures; asserts nothing.
 * BENCH_QUICK=1 runs the short version (ranking up to 10,000 candidates, 100 needs end to end) in a
 * couple of minutes. Each benchmark runs in a process of its own: they point the data layer at
 * DynamoDB Locals of their own, and a client made for one must not be met by the next.
 */
import { spawnSync } from 'node:child_process';

const quick = process.env.BENCH_QUICK === '1';
const rankingSizes = quick ? [10, 1_000, 10_000] : [10, 1_000, 10_000, 100_000];
const dispatchSizes = quick ? [100, 1_000, 10_000] : [100, 1_000, 10_000, 100_000];
const needs = quick ? 100 : 500;
const sizes = (values: number[]) => values.map((size) => size.toLocaleString('en')).join(', ');

const sections: Array<{ title: string; file: string; argument: unknown }> = [
  { title: `1. Ranking: ${sizes(rankingSizes)} candidates`, file: 'ranking.bench.ts', argument: rankingSizes },
  { title: `2. Dispatch: ${sizes(dispatchSizes)} partners in the category`, file: 'dispatch.bench.ts', argument: dispatchSizes },
  { title: '3. Bundles: size and import time', file: 'bundles.bench.ts', argument: quick ? 3 : 5 },
  { title: `4. End to end: ${needs} needs on the local runtime`, file: 'end-to-end.bench.ts', argument: { needs } },
  { title: '5. Report read cost: a week of 1,000 and 100,000 needs', file: 'report-reads.bench.ts', argument: quick ? [1_000, 10_000] : [1_000, 100_000] },
  { title: "6. Notifications: partner B's delay with partner A's webhook answering and hanging", file: 'notification-isolation.bench.ts', argument: quick ? 3 : 5 },
];

const started = performance.now();
console.log(`npm run bench${quick ? ' (BENCH_QUICK=1)' : ''} — ${new Date().toISOString()}`);
const failed: string[] = [];
for (const { title, file, argument } of sections) {
  console.log('');
  console.log(title);
  console.log('='.repeat(title.length));
  const url = new URL(file, import.meta.url).href;
  // Exits when main is done, even if a library left a timer or socket behind (everything was stopped).
  const script = `const bench = await import(${JSON.stringify(url)}); await bench.main(${JSON.stringify(argument)}); process.exit();`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`${file} failed (exit ${run.status ?? run.signal})`);
    failed.push(file);
  }
}

console.log('');
console.log(
  `Done in ${((performance.now() - started) / 1000).toFixed(0)} s${failed.length > 0 ? `; failed: ${failed.join(', ')}` : ''}. Command: npm run bench (BENCH_QUICK=1 npm run bench for the short run).`,
);
if (failed.length > 0) process.exitCode = 1;
