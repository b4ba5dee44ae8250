import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The Electron shell's Node-only modules (path guard, CSP, config, static files) and the till
// server in scripts/. Separate from the renderer's config, which runs under its own setup.
// Run: cd terminal && npx vitest run --config src/electron/vitest.config.ts
export default defineConfig({
  // Vite transforms .ts/.mts/.tsx by default; the Electron modules are CommonJS TypeScript (.cts).
  oxc: { include: /\.(c|m)?tsx?$/ },
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    environment: 'node',
    include: ['src/electron/**/*.test.ts', 'scripts/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
