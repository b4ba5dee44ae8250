/** Records an override given at the till in the outbox (record-entry.ts): the record takes the till's next seq. */
import { uuidv7 } from '@pos/shared/ids';
import type { OverrideAction } from '@pos/shared/staff-policy';
import { staffOverride } from '@pos/shared/staff-records';
import type { TillDatabase } from '../db/till-database.ts';
import { newEntry } from './new-entry.ts';
import type { OverrideRecord } from './override-record.ts';
import { recordEntry } from './record-entry.ts';

export interface NewOverride {
  terminalId: string;
  action: OverrideAction;
  /** Who asked (the signed-in member), null when no one is signed in. */
  staffId: string | null;
  approvedBy: string;
  approverName: string;
  subjectId?: string | null;
  detail?: string | null;
  now?: Date;
}

export function recordOverride(db: TillDatabase, input: NewOverride): Promise<OverrideRecord> {
  const at = (input.now ?? new Date()).toISOString();
  const id = uuidv7();
  const { terminalId, action, staffId, approvedBy } = input;
  const about = { subjectId: input.subjectId ?? null, detail: input.detail ?? null };
  return recordEntry(
    db,
    ({ seq, lamport }): OverrideRecord => ({
      ...newEntry(id, seq, 'queued', at),
      entry: 'override',
      override: staffOverride.parse({ id, terminalId, seq, createdAt: at, lamport, action, staffId, approvedBy, ...about }),
      approverName: input.approverName,
    }),
  );
}
