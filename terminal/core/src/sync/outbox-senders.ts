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
import { kindOf, type OutboxKind, type OutboxRecord, type SaleStatus } from '../outbox/outbox-record.ts';
import { REFUND_OUTBOX_STATUS } from '../outbox/refund-progress.ts';
import type { SentResult } from './batch-results.ts';

type RecordOf<K extends OutboxKind> = Extract<OutboxRecord, { entry?: K }>;

/**
 * Per kind: sends records of that kind (seq order) in one request; one result per record, matched by
 * id. `report` (the till's sync state, for the manager's console) goes with the request.
 */
type Sender<K extends OutboxKind> = (
  posCore: PosCoreClient,
  records: readonly RecordOf<K>[],
  report: TillSyncReport,
) => Promise<SentResult[]>;

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
  /**
   * Refunds one by one (POST /v1/refunds has no batch). POS Core's answer is the record's status — a request
   * it refused (more than remains…) is answered as a `refused` refund with its reason, final; a permanent
   * error (400, 404…) is that record's result; anything retryable rejects the run, as a batch's failure does.
   */
  refund: async (posCore, records) => {
    const results: SentResult[] = [];
    for (const record of records) {
      try {
        const answer = await posCore.submitRefund(record.refund);
        const status = REFUND_OUTBOX_STATUS[answer.refund.status];
        results.push({
          id: record.id,
          status: status as Extract<BatchResult, { status: unknown }>['status'],
          replayed: answer.replayed,
          ...(answer.refund.status === 'refused' ? { reason: answer.refund.statusReason } : {}),
        });
      } catch (error) {
        if (error instanceof ApiError && error.failure.kind === 'permanent') {
          results.push({ id: record.id, error: { ...error.failure.problem } });
        } else throw error;
      }
    }
    return results;
  },
  'shift-open': (posCore, records) => sendShiftRecords(posCore, records),
  'cash-movement': (posCore, records) => sendShiftRecords(posCore, records),
  'no-sale': (posCore, records) => sendShiftRecords(posCore, records),
  'shift-close': (posCore, records) => sendShiftRecords(posCore, records),
};

/** POS Core answers staff and drawer records with their final status (their intake never answers pending), so none is ever polled. */
async function neverPending(_posCore: PosCoreClient, id: string): Promise<never> {
  throw new Error(`record ${id} cannot be pending: its intake answers a final status`);
}

/** Reads a record's current status at POS Core (the pending poll), by kind. */
export const OUTBOX_PROGRESS: {
  [K in OutboxKind]: (posCore: PosCoreClient, id: string) => Promise<{ status: SaleStatus; reason: string | null }>;
} = {
  sale: async (posCore, id) => {
    const order = await posCore.getOrder(id);
    return { status: order.status, reason: order.reason ?? null };
  },
  refund: async (posCore, id) => {
    const refund = await posCore.getRefund(id);
    return { status: REFUND_OUTBOX_STATUS[refund.status], reason: refund.statusReason };
  },
  'staff-sign-in': neverPending,
  override: neverPending,
  'shift-open': neverPending,
  'cash-movement': neverPending,
  'no-sale': neverPending,
  'shift-close': neverPending,
};

/** One run of records of one kind, through its kind's sender. */
function sendRun<K extends OutboxKind>(kind: K, posCore: PosCoreClient, records: readonly RecordOf<K>[], report: TillSyncReport) {
  const send: Sender<K> = OUTBOX_SENDERS[kind];
  return send(posCore, records, report);
}

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
export async function submitChunk(posCore: PosCoreClient, records: readonly OutboxRecord[], report: TillSyncReport): Promise<SentResult[]> {
  const results: SentResult[] = [];
  for (let start = 0; start < records.length; ) {
    const kind = kindOf(records[start]!);
    let end = start + 1;
    while (end < records.length && kindOf(records[end]!) === kind) end += 1;
    results.push(...(await sendRun(kind, posCore, records.slice(start, end) as RecordOf<typeof kind>[], report)));
    start = end;
  }
  return results;
}
