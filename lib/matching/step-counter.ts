/**
 * Work done by a ranking, in steps rather than milliseconds (#10: bounded work for every input):
 * each loop of matching adds what it iterates over, so a test can hold the ranking of the largest
 * valid need and partners to a budget whatever the machine's speed. Absent in production: then
 * counting costs one comparison.
 */
export interface StepCounter {
  steps: number;
}

export function countSteps(counter: StepCounter | undefined, steps = 1): void {
  if (counter) counter.steps += steps;
}
