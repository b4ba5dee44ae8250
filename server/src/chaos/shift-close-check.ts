/**
 * The soak's drawer rule (issue #15): every closed shift's final Z equals the sum of its records. After
 * the drain each till closes its shift with a count of exactly what its own totals expect, syncs the
 * close, and POS Core's report of the shift — recomputed from the records it received with the same
 * shared function (shared/src/z-totals.ts) — must be final and complete, with no difference from the
 * till's totals to the cent.
 */
import type { Pool } from 'pg';
import { readZReport } from '../pos-core/domain/shift-z-report.ts';
import type { SoakViolation } from './soak-checker.ts';

export const SHIFT_Z_RULE = 'Z' as const;

/** `closed`: the ids of the shifts the tills closed. */
export async function checkClosedShifts(posCore: Pool, closed: readonly string[]): Promise<SoakViolation[]> {
  const violations: SoakViolation[] = [];
  for (const shiftId of closed) {
    const { rows } = await posCore.query<{ tenant_id: string }>('SELECT tenant_id FROM shift_records WHERE shift_id = $1 LIMIT 1', [
      shiftId,
    ]);
    const report = rows[0] ? await readZReport(posCore, rows[0].tenant_id, shiftId) : null;
    if (!report) {
      violations.push({ guarantee: SHIFT_Z_RULE, message: `shift ${shiftId} was closed but POS Core never received its opening` });
      continue;
    }
    if (report.status !== 'final' || !report.complete) {
      const missing = report.missing.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}–${r.to}`)).join(', ');
      violations.push({
        guarantee: SHIFT_Z_RULE,
        message: `shift ${shiftId} of ${report.terminalId} is ${report.status} (missing seqs: ${missing || 'none'})`,
      });
      continue;
    }
    if (report.differences.length > 0) {
      violations.push({
        guarantee: SHIFT_Z_RULE,
        message: `shift ${shiftId} of ${report.terminalId}: POS Core's Z differs from the till's: ${JSON.stringify(report.differences)}`,
      });
    }
  }
  return violations;
}
