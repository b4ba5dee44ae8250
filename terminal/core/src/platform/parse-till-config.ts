/** Validates the till's configuration, whichever platform delivered it. */
import { z } from 'zod';
import type { TillConfig } from './bridge.ts';

const tillConfigSchema = z.object({
  posCoreUrl: z.url(),
  inventoryUrl: z.url(),
  terminalId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/),
  token: z.string().min(1),
});

export function parseTillConfig(value: unknown): TillConfig {
  const parsed = tillConfigSchema.safeParse(value);
  if (!parsed.success) {
    throw new Error(
      `The till configuration is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

/** The same, for a till that may not be paired yet: the token is optional (pairing/ supplies it). */
export function parseUnpairedTillConfig(value: unknown): Omit<TillConfig, 'token'> & { token?: string | undefined } {
  const parsed = tillConfigSchema.extend({ token: z.string().min(1).optional() }).safeParse(value);
  if (!parsed.success) {
    throw new Error(
      `The till configuration is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}
