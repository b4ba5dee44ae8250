/**
 * The services' JSON log lines under a log folder (common/log-destination.ts): every `<service>.log`
 * and its rotated `<service>.<n>.log`, oldest file first. A line that is not a JSON object (a crash's
 * stack trace, a half-written line) is skipped, never fatal: a trace must print what there is.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ServiceLogLine {
  service: string;
  lamport: number;
  time?: string;
  msg?: string;
  [field: string]: unknown;
}

const LOG_FILE = /^(.+?)(?:\.(\d+))?\.log$/;

export function readServiceLogs(dir: string): ServiceLogLine[] {
  if (!existsSync(dir)) throw new Error(`No log folder at ${dir}: start the dev stack first (pnpm start:server keeps its logs there).`);
  const files = readdirSync(dir)
    .map((name) => ({ name, match: LOG_FILE.exec(name) }))
    .filter((f) => f.match !== null)
    // Oldest first: the highest rotation index of a service, down to its current file.
    .sort((a, b) => a.match![1]!.localeCompare(b.match![1]!) || Number(b.match![2] ?? 0) - Number(a.match![2] ?? 0));
  const lines: ServiceLogLine[] = [];
  for (const { name } of files) {
    for (const text of readFileSync(join(dir, name), 'utf8').split('\n')) {
      if (!text.startsWith('{')) continue;
      try {
        const line = JSON.parse(text) as Partial<ServiceLogLine>;
        if (typeof line.service === 'string' && typeof line.lamport === 'number') lines.push(line as ServiceLogLine);
      } catch {
        // A half-written last line: skipped.
      }
    }
  }
  return lines;
}
