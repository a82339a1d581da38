/** The clock use cases read, and the repeatable generator of benchmarks and simulations. */
import { afterEach, describe, expect, it } from 'vitest';
import { now, useClock } from '#lib/common/clock.ts';
import { seededRandom } from '#lib/common/seeded-random.ts';

afterEach(() => useClock(undefined));

describe('the clock', () => {
  it('is the installed clock while one is installed, the system clock otherwise', () => {
    const night = new Date('2026-11-30T15:00:00Z');
    useClock(() => night);
    expect(now()).toBe(night);
    useClock(undefined);
    expect(Math.abs(now().getTime() - Date.now())).toBeLessThan(1_000);
  });
});

describe('seededRandom', () => {
  it('repeats its numbers for a seed, differs between seeds, and stays in [0, 1) about evenly', () => {
    const draw = (seed: number) => {
      const next = seededRandom(seed);
      return Array.from({ length: 10_000 }, () => next());
    };
    const first = draw(42);
    expect(draw(42)).toEqual(first);
    expect(draw(43).slice(0, 10)).not.toEqual(first.slice(0, 10));
    expect(first.every((value) => value >= 0 && value < 1)).toBe(true);
    const mean = first.reduce((sum, value) => sum + value, 0) / first.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
    // Ten equal bins each get about a tenth.
    const bins = Array.from({ length: 10 }, (_, bin) => first.filter((value) => Math.floor(value * 10) === bin).length);
    for (const count of bins) expect(count).toBeGreaterThan(900);
  });
});
