/**
 * How each kind of outbox record is sent to POS Core (outbox/outbox-record.ts). One sync path for
 * every kind (DESIGN §7): the drain takes a chunk in seq order and hands it here; a new kind adds
 * its sender to OUTBOX_SENDERS and nothing else.
 */
import type { BatchResult } from '@pos/shared/order';
import type { ShiftRecord } from '@pos/shared/shift-record';
import type { TillSyncReport } from '@pos/shared/till-sync-report';
import { ApiError } from '../api/api-error.ts';
import type { PosCoreClient } from '../api/pos-core-client.ts';
import { kindOf, type OutboxKind, type OutboxRecord } from '../outbox/outbox-record.ts';

type RecordOf<K extends OutboxKind> = Extract<OutboxRecord, { entry?: K }>;

/**
 * Per kind: sends records of that kind (seq order) in one request; one result per record, matched by
 * id. `report` (the till's sync state, for the manager's console) goes with the request.
 */
export const OUTBOX_SENDERS: {
  [K in OutboxKind]: (posCore: PosCoreClient, records: readonly RecordOf<K>[], report: TillSyncReport) => Promise<BatchResult[]>;
} = {
  sale: (posCore, records, report) =>
    posCore.submitBatch(
      records.map((r) => r.order),
      report,
    ),
  'shift-open': (posCore, records) => sendShiftRecords(posCore, records),
  'cash-movement': (posCore, records) => sendShiftRecords(posCore, records),
  'shift-close': (posCore, records) => sendShiftRecords(posCore, records),
};

/**
 * Drawer records, one request each in seq order (they are few: a handful per shift). A drawer record is
 * a fact, so POS Core holds it as final at once ('confirmed'); a permanent refusal (400/422) is that
 * record's result (it needs attention), anything else rejects the chunk to be resent with the same ids.
 */
async function sendShiftRecords(posCore: PosCoreClient, records: readonly { payload: ShiftRecord }[]): Promise<BatchResult[]> {
  const results: BatchResult[] = [];
  for (const { payload } of records) {
    try {
      const { replayed } = await posCore.submitShiftRecord(payload);
      results.push({ id: payload.id, status: 'confirmed', replayed });
    } catch (error) {
      if (!(error instanceof ApiError) || error.failure.kind !== 'permanent') throw error;
      results.push({ id: payload.id, error: { ...error.failure.problem } });
    }
  }
  return results;
}

/**
 * Sends a chunk: each run of consecutive records of one kind in one request, runs in seq order. A
 * failure of a run rejects the whole chunk (the records of earlier runs are resent with their ids:
 * the server dedupes them, G1).
 */
export async function submitChunk(
  posCore: PosCoreClient,
  records: readonly OutboxRecord[],
  report: TillSyncReport,
): Promise<BatchResult[]> {
  const results: BatchResult[] = [];
  for (let start = 0; start < records.length; ) {
    const kind = kindOf(records[start]!);
    let end = start + 1;
    while (end < records.length && kindOf(records[end]!) === kind) end += 1;
    const send = OUTBOX_SENDERS[kind] as (
      posCore: PosCoreClient,
      records: readonly OutboxRecord[],
      report: TillSyncReport,
    ) => Promise<BatchResult[]>;
    results.push(...(await send(posCore, records.slice(start, end), report)));
    start = end;
  }
  return results;
}
