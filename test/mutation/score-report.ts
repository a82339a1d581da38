/**
 * Reads Stryker's JSON report (the mutation-testing-report-schema) and counts a folder's mutants by
 * outcome. The score is Stryker's: killed and timed-out mutants over every valid one (survivors and
 * mutants no test reaches count against it; mutants that do not compile or are ignored do not count).
 */
import { readFileSync } from 'node:fs';

export interface MutantOutcome {
  file: string;
  line: number;
  mutator: string;
  replacement: string;
  status: string;
}

export interface FolderScore {
  folder: string;
  killed: number;
  timedOut: number;
  survived: number;
  noCoverage: number;
  /** Static mutants left out by MUTATION_IGNORE_STATIC=1: not in the score. */
  ignored: number;
  score: number;
  survivors: MutantOutcome[];
}

interface Report {
  files: Record<
    string,
    { mutants: { mutatorName: string; replacement?: string; status: string; location: { start: { line: number } } }[] }
  >;
}

export function readOutcomes(reportFile: string): MutantOutcome[] {
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
  return Object.entries(report.files).flatMap(([file, { mutants }]) =>
    mutants.map((mutant) => ({
      file,
      line: mutant.location.start.line,
      mutator: mutant.mutatorName,
      replacement: mutant.replacement ?? '',
      status: mutant.status,
    })),
  );
}

export function scoreOf(folder: string, outcomes: readonly MutantOutcome[]): FolderScore {
  const count = (status: string) => outcomes.filter((outcome) => outcome.status === status).length;
  const killed = count('Killed');
  const timedOut = count('Timeout');
  const survived = count('Survived');
  const noCoverage = count('NoCoverage');
  const valid = killed + timedOut + survived + noCoverage;
  return {
    folder,
    killed,
    timedOut,
    survived,
    noCoverage,
    ignored: count('Ignored'),
    score: valid === 0 ? 1 : (killed + timedOut) / valid,
    survivors: outcomes.filter((outcome) => outcome.status === 'Survived' || outcome.status === 'NoCoverage'),
  };
}
