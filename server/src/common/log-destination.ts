/**
 * Log files the dev stack keeps per service (issue #19 §4): with POS_LOG_DIR set, a service's lines go
 * to `<POS_LOG_DIR>/<service>.log`, rotated by size — when a write would take the file past
 * POS_LOG_MAX_BYTES (default 10 MiB) it becomes `<service>.1.log`, the older ones shift up, and only
 * POS_LOG_KEEP rotated files (default 5) are kept; the lines still go to stdout too (the dev stack's
 * console). `pnpm trace` reads them all (trace/read-service-logs.ts).
 *
 * Writes are synchronous appends: a line is on disk when the call returns, so a crash loses none of
 * the lines a trace needs, and a reader never sees half a line.
 */
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';

export const DEFAULT_LOG_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_LOG_KEEP = 5;

export interface RotatingFileOptions {
  dir: string;
  /** The file's base name: `<name>.log`, rotated to `<name>.1.log` … `<name>.<keep>.log`. */
  name: string;
  maxBytes?: number;
  keep?: number;
}

/** The path of the current file (`index` 0) or of a rotated one. */
export const logFilePath = (dir: string, name: string, index = 0): string =>
  join(dir, index === 0 ? `${name}.log` : `${name}.${index}.log`);

export function rotatingFileDestination(options: RotatingFileOptions): pino.DestinationStream {
  const { dir, name } = options;
  const maxBytes = options.maxBytes ?? DEFAULT_LOG_MAX_BYTES;
  const keep = options.keep ?? DEFAULT_LOG_KEEP;
  mkdirSync(dir, { recursive: true });
  let fd = openSync(logFilePath(dir, name), 'a');
  let size = fstatSync(fd).size;

  function rotate() {
    closeSync(fd);
    rmSync(logFilePath(dir, name, keep), { force: true });
    for (let i = keep - 1; i >= 0; i--) {
      const from = logFilePath(dir, name, i);
      if (existsSync(from)) renameSync(from, logFilePath(dir, name, i + 1));
    }
    fd = openSync(logFilePath(dir, name), 'a');
    size = 0;
  }

  return {
    write(line: string) {
      const bytes = Buffer.byteLength(line);
      if (size > 0 && size + bytes > maxBytes) rotate();
      writeSync(fd, line);
      size += bytes;
    },
  };
}

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
const stdoutLevel = (value: string | undefined): pino.Level => LEVELS.find((l) => l === value?.trim().toLowerCase()) ?? 'warn';

/** One writer per file in a process: every logger of a service shares it, so one size count decides rotation. */
const open = new Map<string, pino.DestinationStream>();

/**
 * The rotated file under POS_LOG_DIR for this service (every line), with stdout for warnings and errors
 * (POS_LOG_STDOUT_LEVEL), or undefined when POS_LOG_DIR is not set (then every line goes to stdout).
 */
export function logDirectoryDestination(service: string, env: NodeJS.ProcessEnv = process.env): pino.DestinationStream | undefined {
  if (!env.POS_LOG_DIR) return undefined;
  const key = logFilePath(env.POS_LOG_DIR, service);
  const positive = (v: string | undefined) => (v && Number.isSafeInteger(Number(v)) && Number(v) > 0 ? Number(v) : undefined);
  let destination = open.get(key);
  if (!destination) {
    const file = rotatingFileDestination({
      dir: env.POS_LOG_DIR,
      name: service,
      maxBytes: positive(env.POS_LOG_MAX_BYTES),
      keep: positive(env.POS_LOG_KEEP),
    });
    // The logger's level decides what the file gets (every line it lets through); the terminal gets
    // only POS_LOG_STDOUT_LEVEL and above (default warn), so the access log does not drown it.
    destination = pino.multistream([
      { level: stdoutLevel(env.POS_LOG_STDOUT_LEVEL), stream: pino.destination(1) },
      { level: 'trace', stream: file },
    ]);
    open.set(key, destination);
  }
  return destination;
}
