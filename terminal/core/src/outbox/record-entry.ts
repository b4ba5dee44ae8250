/**
 * Records one outbox entry of any kind: the record, its outbox status and its per-till sequence
 * number are written in ONE read-write transaction over `sales` + `meta`, so a record never exists
 * without its number and a number is never handed out twice (IndexedDB serialises overlapping rw
 * transactions, across windows too). Every kind draws from the same sequence (DESIGN §7), so the
 * server's gap detection covers them all. If `make` throws (it validates), nothing is written and no
 * number is used.
 *
 * The till's open shift and its Z numbers are read and written in the same transaction (one read, one
 * write): `make` sees the shift the record belongs to (and refuses a sale without one), and recording a
 * shift-open or shift-close changes it with the record (shift/open-shift-state.ts).
 */
import { getMetaValues, putMetaValues } from '../db/meta.ts';
import type { TillDatabase } from '../db/till-database.ts';
import { type OpenShift, openShiftAfter } from '../shift/open-shift-state.ts';
import type { OutboxRecord } from './outbox-record.ts';

export interface EntryNumbers {
  seq: number;
  lamport: number;
  /** The shift open when the record is made (null: none). */
  openShift: OpenShift | null;
  /** The number a Z report closed now gets: the till's last one + 1. */
  nextZNumber: number;
  /** Who is signed in at the till (staff/staff-session.ts), null when no one is: who did what is recorded. */
  staffId: string | null;
}

/** `make` builds the record with the numbers assigned inside the transaction; it must be synchronous and keep them. */
export async function recordEntry<R extends OutboxRecord>(db: TillDatabase, make: (numbers: EntryNumbers) => R): Promise<R> {
  return db.transaction('rw', db.sales, db.meta, async () => {
    // Every counter in one read and one write (the transaction's only requests besides the record itself).
    const counters = await getMetaValues(db, ['nextSeq', 'lamport', 'openShift', 'lastZNumber', 'currentStaffId']);
    const seq = counters.nextSeq ?? 1;
    const lamport = (counters.lamport ?? 0) + 1;
    const openShift = counters.openShift ?? null;
    const nextZNumber = (counters.lastZNumber ?? 0) + 1;
    const record = make({ seq, lamport, openShift, nextZNumber, staffId: counters.currentStaffId ?? null });
    if (record.seq !== seq) throw new Error('recordEntry: the record must carry the assigned seq');
    const shiftAfter = openShiftAfter(openShift, record);
    await Promise.all([
      db.sales.add(record),
      putMetaValues(db, {
        nextSeq: seq + 1,
        lamport,
        ...(shiftAfter !== openShift ? { openShift: shiftAfter } : {}),
        ...(record.entry === 'shift-close' ? { lastZNumber: nextZNumber } : {}),
      }),
    ]);
    return record;
  });
}
