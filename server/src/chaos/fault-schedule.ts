/**
 * The soak's schedule of faults, drawn from a seed (seeded-random.ts): the same seed and duration
 * always give the same faults, at the same offsets, against the same parties — so a failing run is
 * replayed with `--seed`. One fault at a time: it starts at `atMs` (from the soak's start), lasts
 * `durationMs`, then is healed; a quiet gap follows.
 *
 * Parties (DESIGN §6): the link till → POS Core, POS Core → Inventory, POS Core → Payment, and each
 * service → its PostgreSQL; plus process faults: POS Core killed (SIGKILL, restarted after the
 * duration), Inventory or Payment restarted.
 *
 * The event-bus consumers (kitchen, notification) are off the sales path, so their kills have a
 * schedule of their own (consumerFaultSchedule) that runs beside this one, overlapping its faults.
 */
import { seededRandom } from '../testing/seeded-random.ts';
import type { ConsumerName } from './consumer-processes.ts';

export type LinkName = 'till' | 'inventory' | 'payment';
export type DatabaseName = 'posCoreDatabase' | 'inventoryDatabase' | 'paymentDatabase';

export type ScheduledFault =
  | { kind: 'latency'; link: LinkName; ms: number }
  | { kind: 'blackhole' | 'reset' | 'partition'; link: LinkName }
  /** The next matching request's answer is lost after it was delivered (one-shot). */
  | { kind: 'drop-response'; link: LinkName; request: RequestKind }
  | { kind: 'database-partition'; database: DatabaseName }
  | { kind: 'kill-pos-core' }
  | { kind: 'restart'; service: 'inventory' | 'payment' }
  /** An event consumer SIGKILLed mid-stream, started again after the duration (consumerFaultSchedule). */
  | { kind: 'kill-consumer'; consumer: ConsumerName };

/** The requests a drop-response can target, per link. */
export const DROP_TARGETS = {
  till: ['batch', 'order'],
  inventory: ['reserve', 'commit', 'settle'],
  payment: ['authorize', 'capture'],
} as const;
export type RequestKind = (typeof DROP_TARGETS)[LinkName][number];

export interface FaultSlot {
  atMs: number;
  durationMs: number;
  fault: ScheduledFault;
}

export interface ScheduleOptions {
  seed: number;
  durationMs: number;
  /** Quiet time between two faults (default 1–4 s). */
  gapMs?: [number, number];
  /** How long a fault lasts (default 0.5–5 s). */
  faultMs?: [number, number];
}

/** A label for reports: the fault's kind and where it acted. */
export function faultLabel(fault: ScheduledFault): string {
  switch (fault.kind) {
    case 'database-partition':
      return `database-partition:${fault.database}`;
    case 'kill-pos-core':
      return 'kill-pos-core';
    case 'restart':
      return `restart:${fault.service}`;
    case 'kill-consumer':
      return `kill-consumer:${fault.consumer}`;
    default:
      return `${fault.kind}:${fault.link}`;
  }
}

export function faultSchedule(options: ScheduleOptions): FaultSlot[] {
  const random = seededRandom(options.seed);
  const [gapMin, gapMax] = options.gapMs ?? [1_000, 4_000];
  const [faultMin, faultMax] = options.faultMs ?? [500, 5_000];
  const between = (min: number, max: number) => Math.round(min + random() * (max - min));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const links: LinkName[] = ['till', 'inventory', 'payment'];

  const draw = (): ScheduledFault => {
    const kind = pick([
      'latency',
      'blackhole',
      'reset',
      'partition',
      'drop-response',
      'drop-response',
      'database-partition',
      'kill-pos-core',
      'restart',
    ] as const);
    switch (kind) {
      case 'latency':
        return { kind, link: pick(links), ms: between(50, 1_500) };
      case 'drop-response': {
        const link = pick(links);
        return { kind, link, request: pick(DROP_TARGETS[link]) };
      }
      case 'database-partition':
        return { kind, database: pick(['posCoreDatabase', 'inventoryDatabase', 'paymentDatabase'] as const) };
      case 'kill-pos-core':
        return { kind };
      case 'restart':
        return { kind, service: pick(['inventory', 'payment'] as const) };
      default:
        return { kind, link: pick(links) };
    }
  };

  const slots: FaultSlot[] = [];
  for (let at = between(gapMin, gapMax); ; ) {
    const durationMs = between(faultMin, faultMax);
    if (at + durationMs > options.durationMs) break;
    slots.push({ atMs: at, durationMs, fault: draw() });
    at += durationMs + between(gapMin, gapMax);
  }
  return slots;
}

/** Kills of each consumer per started minute of the run: 1–2 (so every run kills both). */
const KILLS_PER_CONSUMER_MINUTE: [number, number] = [1, 2];

/**
 * The consumers' kills, from their own stream of the seed (the main schedule of a seed stays what it
 * was): each consumer is killed 1–2 times per minute of the run, each time for `faultMs` (default 0.5–5 s), at offsets
 * between 10 % and 80 % of the run, so it is killed while sales flow and has caught up by the end.
 * One consumer's kills never overlap each other; the two consumers' may. Sorted by `atMs`.
 */
export function consumerFaultSchedule(options: ScheduleOptions): FaultSlot[] {
  const random = seededRandom(options.seed ^ 0x5eed_c0de);
  const [faultMin, faultMax] = options.faultMs ?? [500, 5_000];
  const between = (min: number, max: number) => Math.round(min + random() * (max - min));
  const slots: FaultSlot[] = [];
  for (const consumer of ['kitchen', 'notification'] as const) {
    const kills = between(...KILLS_PER_CONSUMER_MINUTE) * Math.max(1, Math.floor(options.durationMs / 60_000));
    // One window of the run per kill, so the kills of one consumer follow each other.
    const window = (0.7 * options.durationMs) / kills;
    for (let k = 0; k < kills; k++) {
      const durationMs = Math.min(between(faultMin, faultMax), Math.round(window / 2));
      const atMs = Math.round(0.1 * options.durationMs + k * window + random() * (window - durationMs));
      slots.push({ atMs, durationMs, fault: { kind: 'kill-consumer', consumer } });
    }
  }
  return slots.sort((a, b) => a.atMs - b.atMs);
}
