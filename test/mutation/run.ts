/**
 * `npm run mutation [-- folder…]`: StrykerJS over the pure domain with the unit tests only, one
 * folder at a time (each with its own incremental file in .local/mutation/, so a second run retests
 * only what changed), then the score of every folder against the goal. Not part of `npm test`: a
 * full first run takes the better part of an hour on two cores. MUTATION_CONCURRENCY (default 1)
 * sets Stryker's test processes; FC_SEED (default fixed) keeps the properties' inputs the same in
 * every mutant's run, so a mutant's outcome does not depend on luck, and FC_NUM_RUNS (default 40)
 * caps each property's runs, since the properties reach most of the domain and would otherwise be
 * most of the time spent on every mutant. MUTATION_IGNORE_STATIC=1 is a quick pass without the
 * static mutants (shown as ignored, outside the score); the next full run retests only those.
 * MUTATION_FORCE=1 ignores the incremental files (Stryker can keep a survivor whose new killer is a
 * test it does not relate to it, as for static mutants). MUTATION_RETEST_SURVIVORS=1 is the cheap
 * middle: it drops only the survivors from the incremental file, so Stryker tests them again (with
 * the tests as they are now) and keeps every other result.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { domainFolders, goal } from './domain-folders.ts';
import { forgetSurvivors } from './incremental-survivors.ts';
import { type FolderScore, readOutcomes, scoreOf } from './score-report.ts';

const asked = process.argv.slice(2);
const unknown = asked.filter((folder) => !(folder in domainFolders));
if (unknown.length > 0) {
  console.error(`unknown folder(s) ${unknown.join(', ')}; the domain folders are ${Object.keys(domainFolders).join(', ')}`);
  process.exit(2);
}
const folders = asked.length > 0 ? asked : Object.keys(domainFolders);
const percent = (score: number) => `${(score * 100).toFixed(1)} %`;

const scores: FolderScore[] = [];
for (const folder of folders) {
  console.log(`\n== ${folder}: ${domainFolders[folder]?.join(', ')} ==`);
  const incrementalFile = `.local/mutation/${folder}.incremental.json`;
  if (process.env.MUTATION_RETEST_SURVIVORS === '1' && existsSync(incrementalFile)) {
    console.log(`retesting ${forgetSurvivors(incrementalFile)} survivor(s) kept in ${incrementalFile}`);
  }
  const run = spawnSync('npx', ['stryker', 'run', ...(process.env.MUTATION_FORCE === '1' ? ['--force'] : [])], {
    stdio: 'inherit',
    env: {
      ...process.env,
      MUTATION_FOLDER: folder,
      MUTATION_FILES: domainFolders[folder]?.join(','),
      FC_SEED: process.env.FC_SEED ?? '20261129',
      FC_NUM_RUNS: process.env.FC_NUM_RUNS ?? '40',
    },
  });
  const reportFile = `.local/mutation/${folder}.json`;
  if (run.status !== 0 || !existsSync(reportFile)) {
    console.error(`Stryker failed on ${folder} (exit ${run.status})`);
    process.exitCode = 1;
    continue;
  }
  scores.push(scoreOf(folder, readOutcomes(reportFile)));
}

console.log('\nMutation score per domain folder (unit tests only)');
console.log('folder       killed  timeout  survived  no cover  ignored  score');
for (const entry of scores) {
  const mark = entry.score >= goal ? '' : `  below ${percent(goal)}`;
  console.log(
    `${entry.folder.padEnd(12)} ${String(entry.killed).padStart(6)} ${String(entry.timedOut).padStart(8)} ${String(entry.survived).padStart(9)} ${String(entry.noCoverage).padStart(9)} ${String(entry.ignored).padStart(8)}  ${percent(entry.score)}${mark}`,
  );
}
const survivors = scores.flatMap((entry) => entry.survivors);
if (survivors.length > 0) {
  console.log(`\nSurviving mutants (${survivors.length}); each should be killed or explained in test/mutation/survivors.md:`);
  for (const mutant of survivors)
    console.log(`  ${mutant.file}:${mutant.line} ${mutant.mutator} → ${mutant.replacement.replace(/\s+/g, ' ').slice(0, 80)}`);
}
if (scores.some((entry) => entry.score < goal)) process.exitCode = 1;
