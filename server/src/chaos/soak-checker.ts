/**
 * Checks a soak run: G1–G3 over the three databases (testing/invariants.ts, with the ids the tills
 * recorded taken from the history) plus what only the history shows:
 *
 *   liveness   - drained: once every fault healed, every till's queue drained and every saga reached a
 *                final status within LIVENESS_BOUNDS.drainAfterHealMs (20 s; the soak records 'drained'
 *                with its time, or 'drain-timed-out'); no order is left pending.
 *              - in flight: no sale's key was answered 409 "in flight" for longer than
 *                LIVENESS_BOUNDS.inFlightMs (10 s) in a row — a claim left by a killed POS Core is
 *                taken over within seconds (service-instance.ts), not when its 30 s lease runs out.
 *              - no sale was refused as malformed (needs attention).
 *   G4         the tills were never told two different final statuses for one sale, and the last
 *              final status a till was told is the server's status of that order.
 *   K1 K2 N1   the event consumers' invariants (consumer-invariants.ts), by checkConsumers: after the
 *              drain it waits until both consumers report no unacked event and the invariants hold,
 *              at most LIVENESS_BOUNDS.consumersCaughtUpMs (20 s; longer is a liveness violation),
 *              then checks once more after CONSUMERS_SETTLE_MS (nothing may arrive twice later).
 *
 * The bounds a run was held to are written in its history ('start'), so a history judges itself.
 */
import type { InvariantPools, Violation } from '../testing/invariants.ts';
import { checkInvariants } from '../testing/invariants.ts';
import { type ConsumerWorld, checkConsumerInvariants } from './consumer-invariants.ts';
import type { SoakHistoryEntry } from './soak-history.ts';

/** 'Z': a closed shift's final Z report is not the sum of its records (shift-close-check.ts). */
export type SoakViolation = Omit<Violation, 'guarantee'> & { guarantee: Violation['guarantee'] | 'G4' | 'Z' | ConsumerInvariant };
type ConsumerInvariant = 'K1' | 'K2' | 'N1';

const FINAL = new Set(['confirmed', 'declined', 'rejected', 'cancelled']);

export interface LivenessBounds {
  /** From the moment every fault healed until every queue drained and every saga is final. */
  drainAfterHealMs: number;
  /** The longest run of 409 "in flight" answers for one key, from the first such request to the last answer. */
  inFlightMs: number;
  /** From the drain until both event consumers acked every event and their invariants hold. */
  consumersCaughtUpMs: number;
}

export const LIVENESS_BOUNDS: LivenessBounds = { drainAfterHealMs: 20_000, inFlightMs: 10_000, consumersCaughtUpMs: 20_000 };

/** What one answer of a request said about one sale: 409 in flight, another answer, or nothing (no answer). */
function answerOf(entry: Extract<SoakHistoryEntry, { type: 'request' }>, id: string): 'in_flight' | 'answered' | null {
  const result = entry.results?.[id];
  if (result === 'error:409' || (entry.op === 'order' && entry.outcome === 409)) return 'in_flight';
  if (result !== undefined || (typeof entry.outcome === 'number' && entry.outcome < 300)) return 'answered';
  return null;
}

export async function checkSoak(history: readonly SoakHistoryEntry[], pools: InvariantPools): Promise<SoakViolation[]> {
  const recorded: string[] = [];
  const toldFinal = new Map<string, string>();
  const violations: SoakViolation[] = [];
  let bounds = LIVENESS_BOUNDS;
  let healedAt: number | null = null;
  let drainedAt: number | null = null;
  /** Per sale: when the first request of its current run of 409 answers started. */
  const inFlightSince = new Map<string, number>();
  const reportedInFlight = new Set<string>();
  for (const entry of history) {
    if (entry.type === 'start' && entry.bounds) bounds = entry.bounds;
    if (entry.type === 'record') recorded.push(entry.id);
    if (entry.type === 'phase' && entry.phase === 'all-healed') healedAt = entry.t;
    if (entry.type === 'phase' && entry.phase === 'drained') drainedAt = entry.t;
    if (entry.type !== 'request') continue;
    for (const id of entry.ids) {
      const answer = answerOf(entry, id);
      if (answer === 'answered') inFlightSince.delete(id);
      if (answer !== 'in_flight') continue;
      const since = inFlightSince.get(id) ?? entry.startedAt;
      inFlightSince.set(id, since);
      const lastedMs = entry.startedAt + entry.ms - since;
      if (lastedMs > bounds.inFlightMs && !reportedInFlight.has(id)) {
        reportedInFlight.add(id);
        violations.push({
          guarantee: 'liveness',
          message: `sale ${id} was answered 409 in flight for ${(lastedMs / 1000).toFixed(1)} s (bound ${bounds.inFlightMs / 1000} s)`,
        });
      }
    }
    if (typeof entry.outcome === 'number' && entry.outcome >= 400 && entry.outcome < 500 && ![408, 409, 429].includes(entry.outcome)) {
      violations.push({ guarantee: 'liveness', message: `${entry.op} of ${entry.ids.join(', ')} was refused with ${entry.outcome}` });
    }
    if (!entry.results) continue;
    for (const [id, status] of Object.entries(entry.results)) {
      if (status.startsWith('error:4') && !['error:408', 'error:409', 'error:429'].includes(status)) {
        violations.push({ guarantee: 'liveness', message: `sale ${id} was refused (${status}) and needs attention` });
      }
      if (!FINAL.has(status)) continue;
      const before = toldFinal.get(id);
      if (before && before !== status) violations.push({ guarantee: 'G4', message: `sale ${id} was told ${before}, later ${status}` });
      toldFinal.set(id, status);
    }
  }
  if (drainedAt === null) {
    violations.push({
      guarantee: 'liveness',
      message: 'the tills did not drain after the faults healed (see the history\'s "stuck" entry)',
    });
  } else if (healedAt !== null && drainedAt - healedAt > bounds.drainAfterHealMs) {
    violations.push({
      guarantee: 'liveness',
      message: `the tills drained ${((drainedAt - healedAt) / 1000).toFixed(1)} s after the faults healed (bound ${bounds.drainAfterHealMs / 1000} s)`,
    });
  }
  violations.push(...(await checkInvariants(pools, { recordedOrderIds: recorded, requireFinal: true })));

  const { rows } = await pools.posCore.query<{ id: string; status: string }>('SELECT id, status FROM orders WHERE id = ANY($1)', [
    [...toldFinal.keys()],
  ]);
  const serverStatus = new Map(rows.map((r) => [r.id, r.status]));
  for (const [id, status] of toldFinal) {
    if (serverStatus.get(id) !== status) {
      violations.push({
        guarantee: 'G4',
        message: `a till was told ${id} is ${status}; the server says ${serverStatus.get(id) ?? 'unknown'}`,
      });
    }
  }
  return violations;
}

/** How long the consumer invariants must stay held once they held (a duplicate would show up late). */
export const CONSUMERS_SETTLE_MS = 1_500;

/** The event consumers as the checker sees them: their effects beside the sources of truth, and their lag. */
export interface ConsumerProbe {
  world(): ConsumerWorld;
  /** Unacked events per consumer (null: not answering). */
  lag(): Promise<Record<string, number | null>>;
}

/** The consumers' final state, for the history: what a failing run needs to explain itself. */
export interface ConsumerCensus {
  /** From the start of the check until they caught up (or the bound ran out). */
  waitedMs: number;
  caughtUp: boolean;
  lag: Record<string, number | null>;
  /** Kitchen tickets by status. */
  tickets: Record<string, number>;
  /** Mails the mail server received: receipts (by Message-ID) and others (alerts). */
  mails: { receipts: number; other: number };
  /** Messages received more than once (up to 10), with when: to set beside the consumers' kills in the history. */
  duplicateMails: { messageId: string; receivedAt: string[] }[];
  /** The invariant violations found (up to 20). */
  violations: string[];
}

/**
 * Waits, at most `boundMs`, until every consumer reports no unacked event and the consumer invariants
 * hold; then checks them again after CONSUMERS_SETTLE_MS. Reports not catching up in time as liveness
 * and each invariant that does not hold under its code (K1, K2, N1).
 */
export async function checkConsumers(
  probe: ConsumerProbe,
  boundMs: number,
): Promise<{ census: ConsumerCensus; violations: SoakViolation[] }> {
  const startedAt = Date.now();
  let lag: Record<string, number | null> = {};
  let found: string[] = [];
  let caughtUp = false;
  for (;;) {
    [lag, found] = await Promise.all([probe.lag(), checkConsumerInvariants(probe.world())]);
    caughtUp = Object.values(lag).every((n) => n === 0) && found.length === 0;
    if (caughtUp || Date.now() - startedAt >= boundMs) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const waitedMs = Date.now() - startedAt;
  const violations: SoakViolation[] = [];
  if (caughtUp) {
    await new Promise((resolve) => setTimeout(resolve, CONSUMERS_SETTLE_MS));
    found = await checkConsumerInvariants(probe.world());
  } else if (!Object.values(lag).every((n) => n === 0)) {
    // Acked everything but the invariants do not hold: those are reported below, not as slowness.
    const lags = Object.entries(lag)
      .map(([name, n]) => `${name} ${n ?? 'not answering'}`)
      .join(', ');
    violations.push({
      guarantee: 'liveness',
      message: `the event consumers did not catch up within ${boundMs / 1000} s after the drain (unacked events: ${lags})`,
    });
  }
  for (const v of found) {
    const [code, ...rest] = v.split(' ');
    violations.push({ guarantee: code as ConsumerInvariant, message: rest.join(' ') });
  }
  const world = probe.world();
  const tickets = await world.kitchen.query<{ status: string; n: number }>(
    'SELECT status, count(*)::int AS n FROM kitchen_tickets GROUP BY status',
  );
  const receipts = world.mails.filter((m) => m.messageId?.startsWith('<receipt.')).length;
  const receivedAt = new Map<string, string[]>();
  for (const m of world.mails) if (m.messageId) receivedAt.set(m.messageId, [...(receivedAt.get(m.messageId) ?? []), m.receivedAt]);
  return {
    census: {
      waitedMs,
      caughtUp,
      lag,
      tickets: Object.fromEntries(tickets.rows.map((r) => [r.status, r.n])),
      mails: { receipts, other: world.mails.length - receipts },
      duplicateMails: [...receivedAt]
        .filter(([, times]) => times.length > 1)
        .slice(0, 10)
        .map(([messageId, times]) => ({ messageId, receivedAt: times })),
      violations: found.slice(0, 20),
    },
    violations,
  };
}
