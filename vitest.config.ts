import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
    // Two files at a time: most e2e time is spent waiting on spawned processes (vitest's default
    // on two cores is one worker: 160 s instead of 112 s for the suite here).
    maxWorkers: 2,
    globalSetup: ['test/global-setup.ts'],
    // (fast-check's seed and the number of cases: test/fuzz.ts)
    setupFiles: ['test/fuzz.ts'],
  },
});
