/**
 * `npm run test:repeat [-- N]`: runs the unit project N times (50 by default), each with a fresh
 * random FC_SEED for the properties, and stops at the first failure, printing the seed that replays
 * it (`FC_SEED=<seed> npx vitest run --project unit`). Shows that no unit test is flaky.
 */
import { spawnSync } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';

const runs = Number(process.argv[2] ?? 50);
if (!Number.isInteger(runs) || runs < 1 || runs > 1000) {
  console.error('usage: npm run test:repeat -- [runs, 1..1000]');
  process.exit(2);
}

const started = performance.now();
for (let run = 1; run <= runs; run += 1) {
  const seed = String(Math.floor(Math.random() * 2 ** 31));
  const result = spawnSync('npx', ['vitest', 'run', '--project', 'unit', '--reporter=dot'], {
    env: { ...process.env, FC_SEED: seed },
    encoding: 'utf8',
  });
  const tests = /Tests\s+(.*)/.exec(stripVTControlCharacters(result.stdout))?.[1]?.trim() ?? 'no summary';
  console.log(`run ${String(run).padStart(3)}/${runs}  FC_SEED=${seed.padEnd(10)}  ${result.status === 0 ? 'pass' : 'FAIL'}  ${tests}`);
  if (result.status !== 0) {
    console.log(result.stdout);
    console.error(result.stderr);
    console.log(`Failed on run ${run}; replay with FC_SEED=${seed} npx vitest run --project unit`);
    process.exit(1);
  }
}
console.log(
  `${runs} passed, 0 failed: ${runs} consecutive passes of the unit project with random seeds in ${((performance.now() - started) / 1000).toFixed(0)} s`,
);
