/// <reference types="node" />
import react from '@vitejs/plugin-react';
import { type Connect, defineConfig, type Plugin } from 'vite';

/**
 * In `vite` dev/preview only: answers `/till-config.json` from the environment, the way the till's
 * real server (`scripts/serve-till.ts`) or the Electron shell provide it in production. Without a
 * token in the environment it answers 404 and the till shows its configuration error screen.
 */
function devTillConfig(): Plugin {
  const handler: Connect.NextHandleFunction = (req, res, next) => {
    if (!req.url?.split('?')[0]?.endsWith('/till-config.json')) return next();
    const token = process.env.TILL_TOKEN ?? process.env.POS_DEMO_TERMINAL_TOKEN;
    if (!token) {
      res.statusCode = 404;
      res.end('Set TILL_TOKEN or POS_DEMO_TERMINAL_TOKEN to serve /till-config.json in development.');
      return;
    }
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('Cache-Control', 'no-store');
    res.end(
      JSON.stringify({
        posCoreUrl: process.env.TILL_POS_CORE_URL ?? `http://127.0.0.1:${process.env.POS_CORE_PORT ?? 4000}`,
        inventoryUrl: process.env.TILL_INVENTORY_URL ?? `http://127.0.0.1:${process.env.INVENTORY_PORT ?? 4001}`,
        terminalId: process.env.TILL_TERMINAL_ID ?? 'demo-till-1',
        token,
      }),
    );
  };
  return {
    name: 'dev-till-config',
    configureServer: (server) => {
      server.middlewares.use(handler);
    },
    configurePreviewServer: (server) => {
      server.middlewares.use(handler);
    },
  };
}

// base './': the same build is served over HTTP and loaded by Electron from `app://till/`.
export default defineConfig({
  base: './',
  plugins: [react(), devTillConfig()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  server: { port: 4100, strictPort: true },
  preview: { port: 4100, strictPort: true },
});
