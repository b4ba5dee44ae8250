/**
 * Recording a drawer record of the open shift (a cash movement, a no-sale): it takes the till's next
 * numbers through recordEntry and carries the fields every such record has — its id, the till, seq,
 * time, Lamport time, the shift, who did it (the given member, else the signed-in one) and who approved
 * it. Without an open shift nothing is recorded and NoOpenShiftError names what was being done.
 */
import { uuidv7 } from '@pos/shared/ids';
import type { TillDatabase } from '../db/till-database.ts';
import type { OutboxRecord } from '../outbox/outbox-record.ts';
import { recordEntry } from '../outbox/record-entry.ts';
import { newDrawerEntry } from './new-drawer-entry.ts';
import { NoOpenShiftError } from './open-shift-state.ts';

export interface OpenShiftRecordInput {
  terminalId: string;
  staffId?: string | null;
  approvedBy?: string | null;
  now?: Date;
}

/** The fields every record of the open shift carries. */
export interface OpenShiftRecordFields {
  id: string;
  terminalId: string;
  seq: number;
  createdAt: string;
  lamport: number;
  shiftId: string;
  staffId?: string;
  approvedBy?: string;
}

export async function recordInOpenShift<R extends OutboxRecord>(
  db: TillDatabase,
  input: OpenShiftRecordInput,
  /** What is being done, for NoOpenShiftError ("taking cash out"). */
  doing: string,
  build: (fields: OpenShiftRecordFields, entry: ReturnType<typeof newDrawerEntry>) => R,
): Promise<R> {
  const now = input.now ?? new Date();
  const at = now.toISOString();
  const id = uuidv7(now.getTime());
  return recordEntry(db, ({ seq, lamport, openShift, staffId }): R => {
    if (openShift === null) throw new NoOpenShiftError(doing);
    const who = input.staffId ?? staffId;
    const fields: OpenShiftRecordFields = {
      id,
      terminalId: input.terminalId,
      seq,
      createdAt: at,
      lamport,
      shiftId: openShift.id,
      ...(who ? { staffId: who } : {}),
      ...(input.approvedBy ? { approvedBy: input.approvedBy } : {}),
    };
    return build(fields, newDrawerEntry(id, seq, at));
  });
}
