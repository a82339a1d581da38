import { defineConfig } from 'vitest/config';

// Stryker runs the unit project alone: the domain is pure, so its mutants are judged by the unit tests only.
export default defineConfig({
  test: { include: ['test/unit/**/*.test.ts'] },
});
