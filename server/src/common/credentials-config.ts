/**
 * The credentials every service accepts, from the environment (read once, via `readEnv`):
 *   POS_SERVICE_TOKEN        POS Core's service credential (required): the only one that may reserve stock or move money
 *   POS_DEMO_TERMINAL_TOKEN  the demo store's till `demo-till-1` (optional; the dev stack generates it once)
 *   POS_DEMO_MANAGER_TOKEN   the demo store's manager (optional)
 */
import { DEMO_TENANT_ID, DEMO_TERMINAL_ID } from '@pos/shared/demo';
import { z } from 'zod';
import { type StaticCredential, staticTokenVerifier, type TokenVerifier } from './auth.ts';
import { envToken } from './env.ts';

export const credentialsEnv = z.object({
  POS_SERVICE_TOKEN: envToken,
  POS_DEMO_TERMINAL_TOKEN: envToken.optional(),
  POS_DEMO_MANAGER_TOKEN: envToken.optional(),
});
export type CredentialsEnv = z.infer<typeof credentialsEnv>;

export function credentialsVerifier(env: CredentialsEnv): TokenVerifier {
  const credentials: StaticCredential[] = [{ token: env.POS_SERVICE_TOKEN, kind: 'service', tenantId: null, subject: 'pos-core' }];
  if (env.POS_DEMO_TERMINAL_TOKEN) {
    credentials.push({ token: env.POS_DEMO_TERMINAL_TOKEN, kind: 'terminal', tenantId: DEMO_TENANT_ID, subject: DEMO_TERMINAL_ID });
  }
  if (env.POS_DEMO_MANAGER_TOKEN) {
    credentials.push({ token: env.POS_DEMO_MANAGER_TOKEN, kind: 'manager', tenantId: DEMO_TENANT_ID, subject: 'demo-manager' });
  }
  return staticTokenVerifier(credentials);
}
