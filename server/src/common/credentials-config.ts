/**
 * The credentials every service accepts, from the environment (read once, via `readEnv`):
 *   POS_SERVICE_TOKEN           POS Core's service credential (required): the only one that may reserve stock or move money
 *   POS_OPERATOR_TOKEN          the platform operator (optional): may only create stores (POS Core's POST /v1/stores)
 *   POS_DEMO_TERMINAL_TOKEN     the demo store's till `demo-till-1` (optional; the dev stack generates it once)
 *   POS_DEMO_MANAGER_TOKEN      the demo store's manager (optional)
 *   POS_INTROSPECTION_URL       where Inventory and Payment check paired tills' and managers' tokens: POS Core
 *                               (default http://127.0.0.1:4000)
 *   POS_INTROSPECTION_CACHE_MS  how long they reuse an answer, 0–1000 (default 1000): the bound on how long a
 *                               revoked till is still accepted by them
 * These configured credentials are checked first; then POS Core looks in its database (paired tills,
 * store managers) and the other services ask POS Core.
 */
import { DEMO_TENANT_ID, DEMO_TERMINAL_ID } from '@pos/shared/demo';
import { z } from 'zod';
import { chainVerifiers, type StaticCredential, staticTokenVerifier, type TokenVerifier } from './auth.ts';
import { introspectionVerifier, MAX_INTROSPECTION_CACHE_MS } from './credential-introspection.ts';
import { envInt, envToken } from './env.ts';

export const credentialsEnv = z.object({
  POS_SERVICE_TOKEN: envToken,
  POS_OPERATOR_TOKEN: envToken.optional(),
  POS_DEMO_TERMINAL_TOKEN: envToken.optional(),
  POS_DEMO_MANAGER_TOKEN: envToken.optional(),
  POS_INTROSPECTION_URL: z
    .string()
    .regex(/^https?:\/\/[^\s]+$/, 'must be an http(s):// URL')
    .transform((u) => u.replace(/\/+$/, ''))
    .default('http://127.0.0.1:4000'),
  POS_INTROSPECTION_CACHE_MS: envInt(MAX_INTROSPECTION_CACHE_MS, 0, MAX_INTROSPECTION_CACHE_MS),
});
export type CredentialsEnv = z.infer<typeof credentialsEnv>;

/** The configured credentials alone (POS Core adds its database after them). */
export function credentialsVerifier(
  env: Pick<CredentialsEnv, 'POS_SERVICE_TOKEN' | 'POS_OPERATOR_TOKEN' | 'POS_DEMO_TERMINAL_TOKEN' | 'POS_DEMO_MANAGER_TOKEN'>,
): TokenVerifier {
  const credentials: StaticCredential[] = [{ token: env.POS_SERVICE_TOKEN, kind: 'service', tenantId: null, subject: 'pos-core' }];
  if (env.POS_OPERATOR_TOKEN) {
    credentials.push({ token: env.POS_OPERATOR_TOKEN, kind: 'operator', tenantId: null, subject: 'operator' });
  }
  if (env.POS_DEMO_TERMINAL_TOKEN) {
    credentials.push({ token: env.POS_DEMO_TERMINAL_TOKEN, kind: 'terminal', tenantId: DEMO_TENANT_ID, subject: DEMO_TERMINAL_ID });
  }
  if (env.POS_DEMO_MANAGER_TOKEN) {
    credentials.push({ token: env.POS_DEMO_MANAGER_TOKEN, kind: 'manager', tenantId: DEMO_TENANT_ID, subject: 'demo-manager' });
  }
  return staticTokenVerifier(credentials);
}

/** Inventory's and Payment's credentials: the configured ones, then POS Core's introspection. */
export function introspectingCredentialsVerifier(env: CredentialsEnv): TokenVerifier {
  return chainVerifiers(
    credentialsVerifier(env),
    introspectionVerifier({
      posCoreUrl: () => env.POS_INTROSPECTION_URL,
      serviceToken: env.POS_SERVICE_TOKEN,
      cacheMs: env.POS_INTROSPECTION_CACHE_MS,
    }),
  );
}
