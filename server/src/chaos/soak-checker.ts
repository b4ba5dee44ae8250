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
 *
 * The bounds a run was held to are written in its history ('start'), so a history judges itself.
 */
import type { InvariantPools, Violation } from '../testing/invariants.ts';
import { checkInvariants } from '../testing/invariants.ts';
import type { SoakHistoryEntry } from './soak-history.ts';

export type SoakViolation = Omit<Violation, 'guarantee'> & { guarantee: Violation['guarantee'] | 'G4' };

const FINAL = new Set(['confirmed', 'declined', 'rejected', 'cancelled']);

export interface LivenessBounds {
  /** From the moment every fault healed until every queue drained and every saga is final. */
  drainAfterHealMs: number;
  /** The longest run of 409 "in flight" answers for one key, from the first such request to the last answer. */
  inFlightMs: number;
}

export const LIVENESS_BOUNDS: LivenessBounds = { drainAfterHealMs: 20_000, inFlightMs: 10_000 };

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
