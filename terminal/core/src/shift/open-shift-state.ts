/**
 * The till's open shift (one per till, issue 15): kept in `meta` and changed only by `recordEntry`, in
 * the transaction that records a shift-open or a shift-close — so the state and the records never
 * disagree, and two windows cannot open two shifts. Selling and cash movements need one; opening needs none.
 */
import type { OutboxRecord } from '../outbox/outbox-record.ts';

export interface OpenShift {
  /** The shift's id: its shift-open record's id. */
  id: string;
  /** The shift-open record's seq: the shift is the till's records with seq above it up to the close. */
  openSeq: number;
  openedAt: string;
  float: number;
  currency: string;
}

export class NoOpenShiftError extends Error {
  constructor(what: string) {
    super(`Open a shift before ${what}.`);
    this.name = 'NoOpenShiftError';
  }
}

export class ShiftAlreadyOpenError extends Error {
  constructor() {
    super('A shift is already open on this till: close it first.');
    this.name = 'ShiftAlreadyOpenError';
  }
}

/** The open shift once `record` is recorded (shift-open opens, shift-close closes, any other kind keeps it). */
export function openShiftAfter(current: OpenShift | null, record: OutboxRecord): OpenShift | null {
  if (record.entry === 'shift-open') {
    const p = record.payload;
    return { id: p.id, openSeq: p.seq, openedAt: p.createdAt, float: p.float, currency: p.currency };
  }
  if (record.entry === 'shift-close') return null;
  return current;
}
