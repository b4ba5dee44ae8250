/**
 * The till's configuration (the bridge's TillConfig): where its services are, who it is and where its
 * receipts print. Read once at start, in this order, later winning: defaults → a JSON file (Electron:
 * `<userData>/till-config.json`) → environment variables TILL_POS_CORE_URL, TILL_INVENTORY_URL,
 * TILL_TERMINAL_ID, TILL_TERMINAL_TOKEN, TILL_PRINTER (`system`, or `host:port` of a network ESC/POS
 * printer; `host` alone is port 9100; the file's `printer` field takes the same text). Validated here so a misconfigured till refuses to start
 * with a message naming the field, instead of failing on its first request.
 * Node-only (no Electron): the Electron main process and the browser till server both use it.
 */
import { readFileSync } from 'node:fs';
import type { PrinterSetting, TillConfig } from '@pos/till-core/platform/bridge' with { 'resolution-mode': 'import' };
import { z } from 'zod';

export const TILL_CONFIG_FILE_NAME = 'till-config.json';

export const TILL_CONFIG_DEFAULTS = {
  posCoreUrl: 'http://127.0.0.1:4000',
  inventoryUrl: 'http://127.0.0.1:4001',
  terminalId: 'demo-till-1',
} as const;

const serviceUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

const PRINTER_TEXT_ERROR = 'must be "system" or "host:port" of a network ESC/POS printer';
/** A hostname or an IP address (v4, or v6 without brackets and then with its port), then an optional port. */
const PRINTER_TEXT =
  /^(?:(?<name>[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}))(?::(?<port>\d{1,5}))?|\[(?<v6>[0-9A-Fa-f:.]+)\]:(?<v6port>\d{1,5}))$/;

/** The printer as an operator writes it: `system`, `host`, `host:port` or `[v6]:port`. */
const printerText = z.string().transform((text, context): PrinterSetting => {
  const value = text.trim();
  if (value === 'system') return { kind: 'system' };
  const groups = PRINTER_TEXT.exec(value)?.groups;
  const host = groups?.name ?? groups?.v6;
  const port = Number(groups?.port ?? groups?.v6port ?? 9100);
  if (!host || !Number.isInteger(port) || port < 1 || port > 65_535) {
    context.addIssue({ code: 'custom', message: PRINTER_TEXT_ERROR });
    return z.NEVER;
  }
  return { kind: 'network', host, port };
});

const tillConfigSchema = z.object({
  posCoreUrl: serviceUrl,
  inventoryUrl: serviceUrl,
  terminalId: z.string().trim().min(1, 'must not be empty'),
  token: z.string({ error: 'is required (set TILL_TERMINAL_TOKEN)' }).min(1, 'is required (set TILL_TERMINAL_TOKEN)'),
  printer: printerText.optional(),
});

/** The fields a config file may set (all optional: defaults and env fill the rest). */
const tillConfigFileSchema = tillConfigSchema.partial().strict();

export class TillConfigError extends Error {
  override readonly name = 'TillConfigError';
}

function issuesOf(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(file)'} ${issue.message}`).join('; ');
}

/** Reads the optional config file; a missing file is no config, a malformed one is an error. */
function readConfigFile(file: string): Partial<Record<keyof TillConfig, string>> {
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
  // The file's text fields as written: the merged config is parsed once, below.
  return Object.fromEntries(Object.entries(json as Record<string, string>).filter(([, value]) => value !== undefined));
}

/** The TILL_* variables that are set and not empty, as config fields. */
function fromEnv(env: NodeJS.ProcessEnv): Partial<Record<keyof TillConfig, string>> {
  const fields: Array<[keyof TillConfig, string | undefined]> = [
    ['posCoreUrl', env.TILL_POS_CORE_URL],
    ['inventoryUrl', env.TILL_INVENTORY_URL],
    ['terminalId', env.TILL_TERMINAL_ID],
    ['token', env.TILL_TERMINAL_TOKEN],
    ['printer', env.TILL_PRINTER],
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
  const { printer, ...rest } = parsed.data;
  return printer ? { ...rest, printer } : rest;
}

/** The config as it may be logged: the token masked. */
export function maskedTillConfig(config: TillConfig): TillConfig {
  return { ...config, token: config.token.length > 4 ? `${config.token.slice(0, 2)}…(${config.token.length} chars)` : '…' };
}
