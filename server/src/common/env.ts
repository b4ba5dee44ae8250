/**
 * Reading configuration from the environment: each service's `config.ts` declares a zod schema of
 * the variables it reads; this parses them once at start and fails fast with every bad value named.
 * Nothing else in the code reads process.env.
 */
import { z } from 'zod';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function readEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  // Empty strings mean "unset", as in most shells' `VAR= command`.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

export const envPort = (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback);
export const envInt = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);
export const envPostgresUrl = z.string().regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// URL');
export const envList = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);
export const envToken = z.string().regex(/^[A-Za-z0-9._~+/=-]{16,256}$/, 'must be 16–256 token characters');
export const envLogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');

/** For logging the resolved config: secrets and passwords in URLs are masked. */
export function maskSecrets(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config).map(([k, v]) => {
      if (typeof v === 'string' && /token|secret|password/i.test(k)) return [k, v ? '***' : v];
      if (typeof v === 'string' && /^(postgres(ql)?|rediss?):\/\//.test(v)) return [k, v.replace(/\/\/([^:@/]*):([^@/]*)@/, '//$1:***@')];
      return [k, v];
    }),
  );
}
