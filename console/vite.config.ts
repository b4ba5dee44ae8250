/// <reference types="node" />
import react from '@vitejs/plugin-react';
import { type Connect, defineConfig, type Plugin } from 'vite';

/** In `vite` dev only: answers `/console-config.json` from the environment, as scripts/console-server.ts does in production. */
function devConsoleConfig(): Plugin {
  const handler: Connect.NextHandleFunction = (req, res, next) => {
    if (!req.url?.split('?')[0]?.endsWith('/console-config.json')) return next();
    res.setHeader('Content-Type', 'application/json');
    res.end(
      JSON.stringify({
        posCoreUrl: process.env.CONSOLE_POS_CORE_URL ?? 'http://127.0.0.1:4000',
        inventoryUrl: process.env.CONSOLE_INVENTORY_URL ?? 'http://127.0.0.1:4001',
      }),
    );
  };
  return { name: 'dev-console-config', configureServer: (server) => void server.middlewares.use(handler) };
}

export default defineConfig({
  base: '/',
  plugins: [react(), devConsoleConfig()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  server: { port: 4200, strictPort: true },
});
