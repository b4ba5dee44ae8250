import { defineConfig } from 'vitest/config';

// The console's domain helpers and its server under Node; the app itself is tested in Chromium (e2e/tests/console-*.spec.ts).
export default defineConfig({ test: { environment: 'node', include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'] } });
