/** Validates the till's configuration, whichever platform delivered it. */
import { z } from 'zod';
import type { PrinterSetting, TillConfig } from './bridge.ts';

/** A printer's host: a hostname or an IPv4/IPv6 address, nothing with a scheme, path or port. */
export const printerHost = z
  .string()
  .regex(/^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*|\[?[0-9A-Fa-f:.]+\]?)$/, {
    error: 'must be a hostname or IP address',
  });

export const printerSetting = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('system') }),
  z.strictObject({ kind: z.literal('network'), host: printerHost, port: z.number().int().min(1).max(65_535) }),
]) satisfies z.ZodType<PrinterSetting>;

const tillConfigSchema = z.object({
  posCoreUrl: z.url(),
  inventoryUrl: z.url(),
  terminalId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/),
  token: z.string().min(1),
  printer: printerSetting.optional(),
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
