/**
 * A real HTTP server (node:http on port 0) standing in for POS Core's `/v1/orders/batch` and
 * `GET /v1/orders/:id`, with scripted answers. It remembers every order id it has accepted and,
 * like POS Core, answers a resent id as a replay instead of creating it again — so a test can
 * prove that the till resends the same ids and never makes a duplicate. It also answers a till's
 * reconciliation (last seq received), its store (`GET /v1/store`), its staff (`GET /v1/staff`) and
 * staff records (deduped by id like orders), records drawer records (`POST /v1/shift-records`, once per
 * id, never scripted) and refunds (`POST /v1/refunds`, once per id, answered with `refundOutcome`), and can
 * refuse all but one bearer token (token rotation).
 */

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HEADERS } from '@pos/shared/http';
import type { OrderStatus, OrderSubmission } from '@pos/shared/order';
import type { RefundStatus, RefundSubmission, RefundView } from '@pos/shared/refund';
import type { ShiftRecord } from '@pos/shared/shift-record';
import type { TillStaffMember } from '@pos/shared/staff';
import type { StaffOverride, StaffSignIn } from '@pos/shared/staff-records';
import type { StoreProfile } from '@pos/shared/store';

export type BatchScript =
  /** Process the batch, then cut the connection: the till gets no answer (a lost response). */
  | { kind: 'drop-after-processing' }
  /** Cut the connection before processing anything. */
  | { kind: 'drop' }
  | { kind: 'status'; status: number; retryAfter?: number; problemType?: string }
  /** Process normally, except these ids get a per-item problem with this status. */
  | { kind: 'item-errors'; errors: Record<string, { status: number; detail: string }> };

export interface ScriptedPosCore {
  url: string;
  /** Every batch request's order ids, in arrival order. */
  batches: string[][];
  /** Every batch request's Pos-Till-Sync header (the till's report), in arrival order; null when absent. */
  syncReports: (string | null)[];
  /** Every single-order request (POST /v1/orders): order id and Idempotency-Key. */
  singles: { id: string; key: string }[];
  /** Orders accepted (created) by id; a replay does not create again. */
  created: Map<string, OrderSubmission>;
  /** Drawer records received (shift open/close, cash in/out) by id; a resend does not record again. */
  shiftRecords: Map<string, ShiftRecord>;
  /** How many times each id was created (must stay 1). */
  creations: Map<string, number>;
  script: BatchScript[];
  /** Status given to newly created orders (default 'confirmed'). */
  statusFor: (order: OrderSubmission) => OrderStatus;
  /** Current status per id, for GET /v1/orders/:id. */
  statuses: Map<string, OrderStatus>;
  /** When set, only this bearer token is accepted; any other gets 401 (a rotated token). */
  acceptedToken: string | null;
  /** Bearer tokens of every request, in arrival order. */
  tokensSeen: string[];
  /** `GET /v1/store`'s answer; null answers 404. */
  store: StoreProfile | null;
  /** `GET /v1/staff`'s members (one page). */
  staff: TillStaffMember[];
  /** Staff records received (`POST /v1/staff/{sign-ins,overrides}/batch`), by id, each kept once; `staffRecordsSent` counts every arrival. */
  staffRecords: Map<string, StaffSignIn | StaffOverride>;
  staffRecordsSent: number;
  /** Refunds received (`POST /v1/refunds`) as answered, by id; a resend is answered the same (a replay). */
  refunds: Map<string, RefundView>;
  /** The status (and reason) a newly received refund is answered with (default: completed). */
  refundOutcome: (refund: RefundSubmission) => { status: RefundStatus; statusReason: string | null };
  /** Runs when a batch arrives, before it is answered (a test acts "mid-drain"). */
  onBatch: ((ids: string[]) => Promise<void> | void) | null;
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });

export async function startScriptedPosCore(): Promise<ScriptedPosCore> {
  const state: Omit<ScriptedPosCore, 'url' | 'close'> = {
    batches: [],
    syncReports: [],
    singles: [],
    created: new Map(),
    shiftRecords: new Map(),
    creations: new Map(),
    script: [],
    statusFor: () => 'confirmed',
    statuses: new Map(),
    acceptedToken: null,
    tokensSeen: [],
    store: { storeId: 'store-1', name: 'Test store', currency: 'EUR' },
    staff: [],
    staffRecords: new Map(),
    staffRecordsSent: 0,
    refunds: new Map(),
    refundOutcome: () => ({ status: 'completed', statusReason: null }),
    onBatch: null,
  };
  const refundViewOf = (refund: RefundSubmission): RefundView => ({
    ...state.refundOutcome(refund),
    id: refund.id,
    orderId: refund.orderId,
    terminalId: refund.terminalId,
    seq: refund.seq,
    reason: refund.reason,
    captureMode: refund.captureMode,
    tender: refund.tender,
    amount: refund.amount,
    currency: 'EUR',
    lines: refund.lines.map((l) => ({ ...l, productId: `line-${l.lineNo}`, amount: 0 })),
    discrepancy: null,
    createdAt: refund.createdAt,
    receivedAt: new Date().toISOString(),
    staffId: refund.staffId ?? null,
    approvedBy: refund.approvedBy ?? null,
  });
  const accept = (orders: OrderSubmission[], errors: Record<string, { status: number; detail: string }>) =>
    orders.map((order) => {
      const error = errors[order.id];
      if (error) return { id: order.id, error: { type: 'about:blank', title: 'Refused', status: error.status, detail: error.detail } };
      const replayed = state.created.has(order.id);
      if (!replayed) {
        state.created.set(order.id, order);
        state.statuses.set(order.id, state.statusFor(order));
      }
      state.creations.set(order.id, (state.creations.get(order.id) ?? 0) + (replayed ? 0 : 1));
      return { id: order.id, status: state.statuses.get(order.id)!, replayed };
    });

  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers });
      res.end(JSON.stringify(value));
    };
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    state.tokensSeen.push(token);
    if (state.acceptedToken !== null && token !== state.acceptedToken) {
      return json(401, { type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'The bearer token is not valid.' });
    }
    if (req.method === 'GET' && req.url === '/v1/store') {
      return state.store ? json(200, state.store) : json(404, { type: 'about:blank', title: 'Not found', status: 404 });
    }
    if (req.method === 'GET' && req.url?.startsWith('/v1/staff?'))
      return json(200, { staff: state.staff, nextCursor: null, hasMore: false });
    if (req.method === 'POST' && (req.url === '/v1/staff/sign-ins/batch' || req.url === '/v1/staff/overrides/batch')) {
      const records = (JSON.parse(body) as { records: (StaffSignIn | StaffOverride)[] }).records;
      state.staffRecordsSent += records.length;
      const results = records.map((r) => {
        const replayed = state.staffRecords.has(r.id);
        state.staffRecords.set(r.id, r);
        return { id: r.id, status: 'confirmed', replayed };
      });
      return json(200, { results });
    }
    const reconciliationMatch = /^\/v1\/terminals\/([^/]+)\/reconciliation$/.exec(req.url ?? '');
    if (req.method === 'GET' && reconciliationMatch) {
      const seqs = [...state.created.values(), ...state.shiftRecords.values()]
        .filter((o) => o.terminalId === reconciliationMatch[1])
        .map((o) => o.seq);
      return json(200, { terminalId: reconciliationMatch[1], lastSeq: Math.max(0, ...seqs), gaps: [], counts: {}, totals: {} });
    }
    const orderMatch = /^\/v1\/orders\/([0-9a-f-]+)$/.exec(req.url ?? '');
    if (req.method === 'GET' && orderMatch) {
      const id = orderMatch[1]!;
      const status = state.statuses.get(id);
      if (!status) return json(404, { type: 'about:blank', title: 'Not found', status: 404 });
      return json(200, { order: { id, status, reason: null } });
    }
    if (req.method === 'POST' && req.url === '/v1/shift-records') {
      const record = JSON.parse(body) as ShiftRecord;
      const replayed = state.shiftRecords.has(record.id);
      if (!replayed) state.shiftRecords.set(record.id, record);
      const shiftId = record.kind === 'shift-open' ? record.id : record.shiftId;
      return json(
        201,
        { record: { id: record.id, kind: record.kind, seq: record.seq, shiftId } },
        replayed ? { [HEADERS.idempotentReplayed]: 'true' } : {},
      );
    }
    if (req.method === 'POST' && req.url === '/v1/refunds') {
      const refund = JSON.parse(body) as RefundSubmission;
      const replayed = state.refunds.get(refund.id);
      const view = replayed ?? refundViewOf(refund);
      state.refunds.set(refund.id, view);
      return json(view.status === 'pending' ? 202 : 201, { refund: view }, replayed ? { [HEADERS.idempotentReplayed]: 'true' } : {});
    }
    if (req.method === 'POST' && req.url === '/v1/orders') {
      // The online checkout: the same scripted failures, then one order per Idempotency-Key.
      const order = JSON.parse(body) as OrderSubmission;
      state.singles.push({ id: order.id, key: String(req.headers['idempotency-key']) });
      const step = state.script.shift();
      if (step?.kind === 'drop') return req.socket.destroy();
      if (step?.kind === 'status') return json(step.status, { type: 'about:blank', title: 'Scripted', status: step.status });
      const [result] = accept([order], {});
      return json(result && 'status' in result && result.status === 'pending' ? 202 : 201, {
        order: { id: order.id, status: result?.status, reason: null },
      });
    }
    if (req.method !== 'POST' || req.url !== '/v1/orders/batch') return json(404, { type: 'about:blank', title: 'Not found', status: 404 });
    const orders = (JSON.parse(body) as { orders: OrderSubmission[] }).orders;
    state.batches.push(orders.map((o) => o.id));
    const report = req.headers[HEADERS.tillSync.toLowerCase()];
    state.syncReports.push(typeof report === 'string' ? report : null);
    await state.onBatch?.(orders.map((o) => o.id));
    const step = state.script.shift();
    if (step?.kind === 'drop') return req.socket.destroy();
    if (step?.kind === 'drop-after-processing') {
      accept(orders, {});
      return req.socket.destroy();
    }
    if (step?.kind === 'status') {
      return json(
        step.status,
        { type: step.problemType ?? 'about:blank', title: 'Scripted', status: step.status },
        step.retryAfter !== undefined ? { 'Retry-After': String(step.retryAfter) } : {},
      );
    }
    return json(200, { results: accept(orders, step?.kind === 'item-errors' ? step.errors : {}) });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
