/// <reference types="node" />
import { defineConfig } from 'vitest/config';

// The renderer's domain, storage and sync layers run under Node against fake-indexeddb (a real
// IndexedDB implementation in memory) and real HTTP servers; React is not under unit test here.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
    exclude: ['src/electron/**', 'node_modules/**'],
    setupFiles: ['src/test-setup.ts'],
    testTimeout: 20_000,
  },
});
