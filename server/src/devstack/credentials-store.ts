/**
 * The dev stack's credentials: taken from the environment when set (tests set them), otherwise
 * generated once and kept in `<data dir>/credentials.json` (readable by the owner only), so a
 * second start reuses them and a paired till keeps working.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const stored = z.object({ serviceToken: z.string(), terminalToken: z.string(), managerToken: z.string() });
export type DevCredentials = z.infer<typeof stored>;

const newToken = (prefix: string) => `${prefix}_${randomBytes(24).toString('base64url')}`;

export function loadOrCreateCredentials(
  dataDir: string,
  overrides: { serviceToken?: string | undefined; terminalToken?: string | undefined; managerToken?: string | undefined },
): DevCredentials {
  const file = join(dataDir, 'credentials.json');
  let saved: DevCredentials | null = null;
  if (existsSync(file)) {
    const parsed = stored.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) saved = parsed.data;
  }
  if (!saved) {
    saved = { serviceToken: newToken('svc'), terminalToken: newToken('till'), managerToken: newToken('mgr') };
    writeFileSync(file, `${JSON.stringify(saved, null, 2)}\n`, { mode: 0o600 });
  }
  return {
    serviceToken: overrides.serviceToken ?? saved.serviceToken,
    terminalToken: overrides.terminalToken ?? saved.terminalToken,
    managerToken: overrides.managerToken ?? saved.managerToken,
  };
}
