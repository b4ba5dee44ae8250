/** Where the console's API calls go: `GET /console-config.json` from the server that serves the console. */
import { z } from 'zod';

export const consoleConfig = z.object({ posCoreUrl: z.url(), inventoryUrl: z.url() });
export type ConsoleConfig = z.infer<typeof consoleConfig>;

export async function loadConsoleConfig(): Promise<ConsoleConfig> {
  const response = await fetch('/console-config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`The console's configuration could not be read (HTTP ${response.status}).`);
  return consoleConfig.parse(await response.json());
}
