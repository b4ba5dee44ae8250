/**
 * How each kind of outbox record is sent to POS Core (outbox/outbox-record.ts). One sync path for
 * every kind (DESIGN §7): the drain takes a chunk in seq order and hands it here; a new kind adds
 * its sender to OUTBOX_SENDERS and nothing else.
 */
import type { BatchResult } from '@pos/shared/order';
import type { TillSyncReport } from '@pos/shared/till-sync-report';
import type { PosCoreClient } from '../api/pos-core-client.ts';
import { kindOf, type OutboxKind, type OutboxRecord } from '../outbox/outbox-record.ts';

type RecordOf<K extends OutboxKind> = Extract<OutboxRecord, { entry?: K }>;

/**
 * Per kind: sends records of that kind (seq order) in one request; one result per record, matched by
 * id. `report` (the till's sync state, for the manager's console) goes with the request.
 */
type Sender<K extends OutboxKind> = (
  posCore: PosCoreClient,
  records: readonly RecordOf<K>[],
  report: TillSyncReport,
) => Promise<BatchResult[]>;

export const OUTBOX_SENDERS: { [K in OutboxKind]: Sender<K> } = {
  sale: (posCore, records, report) =>
    posCore.submitBatch(
      records.map((r) => r.order),
      report,
    ),
  'staff-sign-in': (posCore, records) =>
    posCore.submitStaffRecords(
      'sign-ins',
      records.map((r) => r.signIn),
    ),
  override: (posCore, records) =>
    posCore.submitStaffRecords(
      'overrides',
      records.map((r) => r.override),
    ),
};

/** One run of records of one kind, through its kind's sender. */
function sendRun<K extends OutboxKind>(kind: K, posCore: PosCoreClient, records: readonly RecordOf<K>[], report: TillSyncReport) {
  const send: Sender<K> = OUTBOX_SENDERS[kind];
  return send(posCore, records, report);
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
    results.push(...(await sendRun(kind, posCore, records.slice(start, end) as RecordOf<typeof kind>[], report)));
    start = end;
  }
  return results;
}
