/**
 * Which sequence numbers of a till POS Core has received, of ANY kind of record (DESIGN §7: one outbox,
 * one sequence): the ONE place that knows which tables hold a till's numbered records. Gap detection
 * (reconciliation, the console's sync health, the missing-seqs metric) and a shift's completeness all
 * read it, so a drawer record is never mistaken for a missing sale. A new kind of record adds its
 * table to RECEIVED_SEQS.
 */
import type { SeqRange } from '@pos/shared/till-health';
import type { Queryable } from '../../common/db.ts';

/** Every received record as `(tenant_id, terminal_id, seq, id)`: use as a subquery (`FROM (${RECEIVED_SEQS}) r`). */
export const RECEIVED_SEQS = `SELECT tenant_id, terminal_id, seq, id FROM orders
  UNION ALL SELECT tenant_id, terminal_id, seq, id FROM shift_records
  UNION ALL SELECT tenant_id, terminal_id, seq, id FROM refunds
  UNION ALL SELECT tenant_id, terminal_id, seq, id FROM staff_sign_ins
  UNION ALL SELECT tenant_id, terminal_id, seq, id FROM staff_overrides`;

/** The seqs of the till in (after, upTo] that have not arrived, as ranges, ascending. */
export async function missingSeqs(db: Queryable, tenantId: string, terminalId: string, after: number, upTo: number): Promise<SeqRange[]> {
  if (upTo <= after) return [];
  const { rows } = await db.query<{ seq: string }>(
    `SELECT seq FROM (${RECEIVED_SEQS}) r WHERE tenant_id = $1 AND terminal_id = $2 AND seq > $3 AND seq <= $4 ORDER BY seq`,
    [tenantId, terminalId, after, upTo],
  );
  const ranges: SeqRange[] = [];
  let expected = after + 1;
  for (const seq of rows.map((r) => Number(r.seq))) {
    if (seq > expected) ranges.push({ from: expected, to: seq - 1 });
    expected = Math.max(expected, seq + 1);
  }
  if (expected <= upTo) ranges.push({ from: expected, to: upTo });
  return ranges;
}

/** The id of the record (any kind) the till numbered `seq`, or null. */
export async function recordIdAtSeq(db: Queryable, tenantId: string, terminalId: string, seq: number): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM (${RECEIVED_SEQS}) r WHERE tenant_id = $1 AND terminal_id = $2 AND seq = $3 LIMIT 1`,
    [tenantId, terminalId, seq],
  );
  return rows[0]?.id ?? null;
}
