import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    globalSetup: ['src/testing/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration tests start real services and share one PostgreSQL: two files at a time on 2 cores.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
