/** CLI: serves the browser till (`pnpm --filter @pos/terminal serve`); env: see serve-till-from-env.ts. */
import { closeOnSignals, serveTillFromEnv } from './serve-till-from-env.ts';

const server = await serveTillFromEnv(process.env);
console.info(`The till is at ${server.url}`);
closeOnSignals(server);
