/// <reference types="node" />
import { defineConfig } from 'vitest/config';

// The till core runs under Node against fake-indexeddb (a real IndexedDB implementation in memory)
// and real HTTP servers, the way the benchmark and the soak run it.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test-setup.ts'],
    testTimeout: 20_000,
  },
});
