/**
 * The till's configuration (the bridge's TillConfig): where its services are and who it is.
 * Read once at start, in this order, later winning: defaults → a JSON file (Electron:
 * `<userData>/till-config.json`) → environment variables TILL_POS_CORE_URL, TILL_INVENTORY_URL,
 * TILL_TERMINAL_ID, TILL_TERMINAL_TOKEN. Validated here so a misconfigured till refuses to start
 * with a message naming the field, instead of failing on its first request.
 * Node-only (no Electron): the Electron main process and the browser till server both use it.
 */
import { readFileSync } from 'node:fs';
import type { TillConfig } from '@pos/till-core/platform/bridge' with { 'resolution-mode': 'import' };
import { z } from 'zod';

export const TILL_CONFIG_FILE_NAME = 'till-config.json';

export const TILL_CONFIG_DEFAULTS = {
  posCoreUrl: 'http://127.0.0.1:4000',
  inventoryUrl: 'http://127.0.0.1:4001',
  terminalId: 'demo-till-1',
} as const;

const serviceUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

const tillConfigSchema = z.object({
  posCoreUrl: serviceUrl,
  inventoryUrl: serviceUrl,
  terminalId: z.string().trim().min(1, 'must not be empty'),
  token: z.string({ error: 'is required (set TILL_TERMINAL_TOKEN)' }).min(1, 'is required (set TILL_TERMINAL_TOKEN)'),
}) satisfies z.ZodType<TillConfig>;

/** The fields a config file may set (all optional: defaults and env fill the rest). */
const tillConfigFileSchema = tillConfigSchema.partial().strict();

export class TillConfigError extends Error {
  override readonly name = 'TillConfigError';
}

function issuesOf(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(file)'} ${issue.message}`).join('; ');
}

/** Reads the optional config file; a missing file is no config, a malformed one is an error. */
function readConfigFile(file: string): Partial<TillConfig> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new TillConfigError(`cannot read ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new TillConfigError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = tillConfigFileSchema.safeParse(json);
  if (!parsed.success) throw new TillConfigError(`${file}: ${issuesOf(parsed.error)}`);
  return Object.fromEntries(Object.entries(parsed.data).filter(([, value]) => value !== undefined));
}

/** The TILL_* variables that are set and not empty, as config fields. */
function fromEnv(env: NodeJS.ProcessEnv): Partial<TillConfig> {
  const fields: Array<[keyof TillConfig, string | undefined]> = [
    ['posCoreUrl', env.TILL_POS_CORE_URL],
    ['inventoryUrl', env.TILL_INVENTORY_URL],
    ['terminalId', env.TILL_TERMINAL_ID],
    ['token', env.TILL_TERMINAL_TOKEN],
  ];
  return Object.fromEntries(fields.filter(([, value]) => value !== undefined && value !== ''));
}

/**
 * The till's validated config from defaults, then `configFile` (when given and present), then env.
 * Throws TillConfigError naming every invalid or missing field.
 */
export function loadTillConfig(env: NodeJS.ProcessEnv, configFile?: string): TillConfig {
  const merged = { ...TILL_CONFIG_DEFAULTS, ...(configFile ? readConfigFile(configFile) : {}), ...fromEnv(env) };
  const parsed = tillConfigSchema.safeParse(merged);
  if (!parsed.success) throw new TillConfigError(`invalid till config: ${issuesOf(parsed.error)}`);
  return parsed.data;
}

/** The config as it may be logged: the token masked. */
export function maskedTillConfig(config: TillConfig): TillConfig {
  return { ...config, token: config.token.length > 4 ? `${config.token.slice(0, 2)}…(${config.token.length} chars)` : '…' };
}
