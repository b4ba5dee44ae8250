/**
 * Checks a soak run: G1–G3 over the three databases (testing/invariants.ts, with the ids the tills
 * recorded taken from the history) plus what only the history shows:
 *
 *   liveness   after every fault healed, every till's queue drained and every saga reached a final
 *              status within the bound (the soak records 'drained' or 'drain-timed-out'); no order
 *              is left pending; no sale was refused as malformed (needs attention).
 *   G4         the tills were never told two different final statuses for one sale, and the last
 *              final status a till was told is the server's status of that order.
 */
import type { InvariantPools, Violation } from '../testing/invariants.ts';
import { checkInvariants } from '../testing/invariants.ts';
import type { SoakHistoryEntry } from './soak-history.ts';

export type SoakViolation = Omit<Violation, 'guarantee'> & { guarantee: Violation['guarantee'] | 'G4' };

const FINAL = new Set(['confirmed', 'declined', 'rejected', 'cancelled']);

export async function checkSoak(history: readonly SoakHistoryEntry[], pools: InvariantPools): Promise<SoakViolation[]> {
  const recorded: string[] = [];
  const toldFinal = new Map<string, string>();
  const violations: SoakViolation[] = [];
  let drained = false;
  for (const entry of history) {
    if (entry.type === 'record') recorded.push(entry.id);
    if (entry.type === 'phase' && entry.phase === 'drained') drained = true;
    if (entry.type !== 'request') continue;
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
  if (!drained) violations.push({ guarantee: 'liveness', message: 'the tills did not drain within the bound after the faults healed' });
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
