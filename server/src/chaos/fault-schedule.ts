/**
 * The soak's schedule of faults, drawn from a seed (seeded-random.ts): the same seed and duration
 * always give the same faults, at the same offsets, against the same parties — so a failing run is
 * replayed with `--seed`. One fault at a time: it starts at `atMs` (from the soak's start), lasts
 * `durationMs`, then is healed; a quiet gap follows.
 *
 * Parties (DESIGN §6): the link till → POS Core, POS Core → Inventory, POS Core → Payment, and each
 * service → its PostgreSQL; plus process faults: POS Core killed (SIGKILL, restarted after the
 * duration), Inventory or Payment restarted.
 */
import { seededRandom } from '../testing/seeded-random.ts';

export type LinkName = 'till' | 'inventory' | 'payment';
export type DatabaseName = 'posCoreDatabase' | 'inventoryDatabase' | 'paymentDatabase';

export type ScheduledFault =
  | { kind: 'latency'; link: LinkName; ms: number }
  | { kind: 'blackhole' | 'reset' | 'partition'; link: LinkName }
  /** The next matching request's answer is lost after it was delivered (one-shot). */
  | { kind: 'drop-response'; link: LinkName; request: RequestKind }
  | { kind: 'database-partition'; database: DatabaseName }
  | { kind: 'kill-pos-core' }
  | { kind: 'restart'; service: 'inventory' | 'payment' };

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
