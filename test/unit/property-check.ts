/**
 * Every fast-check property in the unit tests runs through `checkProperty`: one seed per test file,
 * random unless FC_SEED is set, logged when the file loads and repeated in any failure with the way
 * to replay it. A counterexample found once goes into the property's `examples` (and stays there),
 * so it is tested on every run whatever the seed (and whatever FC_NUM_RUNS).
 */
import fc from 'fast-check';

const fromEnvironment = process.env.FC_SEED === undefined ? Number.NaN : Number(process.env.FC_SEED);

/** This run's seed: FC_SEED, or a fresh random 31-bit integer. */
export const propertySeed = Number.isInteger(fromEnvironment) ? fromEnvironment : Math.floor(Math.random() * 2 ** 31);

/** FC_NUM_RUNS caps every property's runs: mutation testing runs the suite once per mutant and sets it low. */
const runCap = Number(process.env.FC_NUM_RUNS ?? Number.POSITIVE_INFINITY);

console.info(`fast-check seed ${propertySeed} (replay with FC_SEED=${propertySeed})`);

export function checkProperty<Values extends unknown[]>(property: fc.IProperty<Values>, parameters: fc.Parameters<Values> = {}): void {
  try {
    fc.assert(property, { seed: propertySeed, ...parameters, numRuns: Math.min(parameters.numRuns ?? 100, runCap) });
  } catch (error) {
    if (error instanceof Error) error.message += `\nReplay this run with FC_SEED=${propertySeed}.`;
    throw error;
  }
}
