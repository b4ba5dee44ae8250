/// <reference types="node" />
import { defineConfig } from 'vitest/config';

// The renderer's pure helpers (what the cashier reads). The till core (terminal/core) has its own
// suite; the Electron shell's Node-only modules theirs (src/electron/vitest.config.ts).
export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
    exclude: ['src/electron/**', 'core/**', 'node_modules/**'],
    testTimeout: 20_000,
  },
});
