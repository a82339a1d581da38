/**
 * Stryker's incremental file (the mutation-testing-report-schema) keeps each mutant's last outcome
 * and reuses it while the mutant's code and the tests that covered it are unchanged. A static
 * mutant is covered by no test in particular, so a new test that kills it is never related to it
 * and the old survival is kept. Dropping the survivors from the file makes Stryker test them again.
 */
import { readFileSync, writeFileSync } from 'node:fs';

interface IncrementalReport {
  files: Record<string, { mutants: { status: string }[] }>;
}

const unkilled = new Set(['Survived', 'NoCoverage']);

/** Removes the survived and uncovered mutants from the incremental file; returns how many. */
export function forgetSurvivors(incrementalFile: string): number {
  const report = JSON.parse(readFileSync(incrementalFile, 'utf8')) as IncrementalReport;
  let forgotten = 0;
  for (const file of Object.values(report.files)) {
    const kept = file.mutants.filter((mutant) => !unkilled.has(mutant.status));
    forgotten += file.mutants.length - kept.length;
    file.mutants = kept;
  }
  writeFileSync(incrementalFile, JSON.stringify(report));
  return forgotten;
}
