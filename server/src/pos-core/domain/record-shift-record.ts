/**
 * Records one drawer record (shift-open, cash-movement, no-sale, shift-close) as it arrived: a fact, so POS Core
 * holds it whatever its numbers say (a difference in the drawer is reported, never refused). Runs inside
 * the idempotency claim of its id (http/shifts-router.ts), so a resend never gets here twice; besides
 * that, its id is unique per store (defence in depth) and its till's seq may not already number
 * another record of any kind (received-seqs.ts): that is a till that lost its numbering → 422.
 */
import type { ShiftRecord } from '@pos/shared/shift-record';
import type { ShiftRecordAnswer } from '@pos/shared/z-report';
import type { PoolClient } from '../../common/db.ts';
import { fingerprintOf } from '../../common/idempotency.ts';
import { problems } from '../../common/problem.ts';
import { seqReused } from './order-collision.ts';
import { recordIdAtSeq } from './received-seqs.ts';

export const shiftIdOf = (record: ShiftRecord): string => (record.kind === 'shift-open' ? record.id : record.shiftId);

export async function recordShiftRecord(tx: PoolClient, tenantId: string, record: ShiftRecord): Promise<ShiftRecordAnswer> {
  const atSeq = await recordIdAtSeq(tx, tenantId, record.terminalId, record.seq);
  if (atSeq !== null && atSeq !== record.id) throw seqReused(record.terminalId, record.seq);
  const inserted = await tx.query(
    `INSERT INTO shift_records (tenant_id, id, terminal_id, seq, kind, shift_id, staff_id, body)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
    [tenantId, record.id, record.terminalId, record.seq, record.kind, shiftIdOf(record), record.staffId ?? null, JSON.stringify(record)],
  );
  if (inserted.rowCount === 0) {
    // Its key was pruned and the record is here already: the same record is a replay, another body a reused id.
    const { rows } = await tx.query<{ body: ShiftRecord }>('SELECT body FROM shift_records WHERE tenant_id = $1 AND id = $2', [
      tenantId,
      record.id,
    ]);
    const existing = rows[0]?.body;
    if (!existing) throw seqReused(record.terminalId, record.seq);
    if (fingerprintOf(existing) !== fingerprintOf(record)) throw problems.keyReused();
  }
  return { record: { id: record.id, kind: record.kind, seq: record.seq, shiftId: shiftIdOf(record) } };
}
