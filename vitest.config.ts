import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
    // (fast-check's seed and the number of cases: test/fuzz.ts)
    setupFiles: ['test/fuzz.ts'],
  },
});
