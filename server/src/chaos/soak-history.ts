/**
 * The soak's history: every request of every till and its outcome, every sale recorded, every fault
 * applied and healed (the event consumers' kills too), the consumers' final census — one JSON
 * object per line, in the order they happened, with `t` = ms since the soak started. The checker
 * (soak-checker.ts) reads it back; a person reads it to see what happened to one order (grep its id).
 */
import { createWriteStream, readFileSync } from 'node:fs';
import type { ConsumerName } from './consumer-processes.ts';
import type { ScheduledFault } from './fault-schedule.ts';
import type { SoakCensus, StuckReport } from './soak-census.ts';
import type { ConsumerCensus, LivenessBounds } from './soak-checker.ts';
import type { TillHistoryEntry } from './till-history.ts';

export type SoakEvent =
  | TillHistoryEntry
  | { type: 'start'; seed: number; durationMs: number; tills: string[]; bounds?: LivenessBounds }
  | { type: 'fault'; label: string; fault: ScheduledFault; durationMs: number }
  | { type: 'heal'; label: string }
  | { type: 'restock'; productId: string; quantity: number; key: string; outcome: number | 'network_error' }
  | { type: 'phase'; phase: 'selling-stopped' | 'all-healed' | 'drained' | 'drain-timed-out' }
  /** POS Core (re)started: its process id and where its warnings go. */
  | { type: 'pos-core'; event: 'started' | 'killed'; pid: number | null; logPath: string | null }
  /** An event consumer killed, or started again (ready); its warnings go to `logPath`. */
  | { type: 'consumer'; name: ConsumerName; event: 'started' | 'killed'; logPath: string }
  /** The event consumers after the drain: caught up or not, their lag and effects, what did not hold (soak-checker.ts). */
  | ({ type: 'consumers' } & ConsumerCensus)
  /** The server side every few seconds (soak-census.ts). */
  | ({ type: 'census' } & SoakCensus)
  /** What was still pending when the drain timed out, and why (soak-census.ts). */
  | ({ type: 'stuck' } & StuckReport);

export type SoakHistoryEntry = SoakEvent & { t: number };

export interface SoakHistoryWriter {
  readonly path: string;
  write(event: SoakEvent): void;
  close(): Promise<void>;
}

export function openSoakHistory(path: string, startedAt: number): SoakHistoryWriter {
  const stream = createWriteStream(path, { flags: 'w' });
  let closed: Promise<void> | null = null;
  return {
    path,
    write: (event) => {
      if (!closed) stream.write(`${JSON.stringify({ t: Date.now() - startedAt, ...event })}\n`);
    },
    /** Flushes and closes; later writes are dropped, later calls wait for the same close. */
    close: () => {
      closed ??= new Promise((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
      return closed;
    },
  };
}

export function readSoakHistory(path: string): SoakHistoryEntry[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SoakHistoryEntry);
}
