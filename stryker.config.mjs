// StrykerJS over the pure domain, run by `npm run mutation` (test/mutation/run.ts), one folder at a time:
// the runner sets MUTATION_FOLDER (a name) and MUTATION_FILES (comma-separated globs).
const folder = process.env.MUTATION_FOLDER ?? 'domain';
const files = (process.env.MUTATION_FILES ?? 'lib/matching/**/*.ts').split(',');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // related: each mutant runs only the test files that import its module (static mutants included), not the whole suite.
  vitest: { configFile: 'test/mutation/vitest.unit.config.ts', related: true },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: files,
  coverageAnalysis: 'perTest',
  // MUTATION_IGNORE_STATIC=1 leaves out mutants of module-level code (schemas, tables), which rerun
  // every test file that imports their module: a quick first pass; a later full run adds them.
  ignoreStatic: process.env.MUTATION_IGNORE_STATIC === '1',
  // Two cores, shared: one test process at a time unless MUTATION_CONCURRENCY says otherwise.
  concurrency: Number(process.env.MUTATION_CONCURRENCY ?? 1),
  incremental: true,
  incrementalFile: `.local/mutation/${folder}.incremental.json`,
  reporters: ['clear-text', 'json', 'progress-append-only'],
  jsonReporter: { fileName: `.local/mutation/${folder}.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: false },
  // Generous: a static mutant reruns every unit test, and on a shared two-core machine a slow run must not pass for a timeout (which counts as killed).
  timeoutMS: 60_000,
  // The sandbox needs the sources and tests only.
  ignorePatterns: ['.local', 'cdk.out', 'web/dist', 'test-results', 'test/browser', 'test/integration', 'test/infra'],
  // TypeScript 7 has no JavaScript API for Stryker's tsconfig rewriting, which only matters for project references
  // and extends outside the sandbox (we have neither): point it at no file so it is skipped.
  tsconfigFile: 'test/mutation/no-tsconfig-rewrite.json',
  tempDirName: '.local/stryker-tmp',
  cleanTempDir: 'always',
};
