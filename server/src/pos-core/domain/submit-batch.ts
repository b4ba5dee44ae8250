/**
 * `POST /v1/orders/batch` (DESIGN §4): up to 500 queued orders of a till, one result per item in
 * input order — `{ id, status, replayed }` or `{ id, error: <problem> }`. One bad item never fails the
 * others: items are validated one by one first, and the transaction that records the good ones treats
 * every collision as that item's result, never as an error of the statement.
 *
 * New orders are recorded already leased to this process; then, while the request waits (at most the
 * inline budget), their cash sales are settled in bulk (saga/cash-settlement.ts: one Inventory call and
 * one transaction for the whole batch), so the answer usually carries their final status and the till
 * has nothing left to poll. Card sales are driven step by step in the background. Past the budget the
 * answer says `pending` and the work goes on; a crash leaves the leases to the dead process, and the
 * recovery worker takes them over within seconds (saga-lease.ts) and resumes the sagas.
 *
 * Idempotency per item, with the same keys as `POST /v1/orders` (the order id) and the same
 * fingerprint, so a sale first sent alone and then in a batch is recorded once: the batch claim of
 * common/idempotency.ts (claimBatch) writes the keys of new items completed, in the transaction that
 * records their orders, and judges every other item's key by the rule a single submission meets.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { BatchResult, OrderStatus, OrderSubmission } from '@pos/shared/order';
import type { Principal } from '../../common/auth.ts';
import { withTransaction } from '../../common/db.ts';
import { batchCandidates, claimCandidates, fingerprintOf, unclaimBatch } from '../../common/idempotency.ts';
import { HttpProblem, problems } from '../../common/problem.ts';
import { checkSubmission, readableId } from './check-submission.ts';
import { logOrdersReceived } from './log-orders-received.ts';
import { explainCollisions } from './order-collision.ts';
import type { OrderDeps } from './order-deps.ts';
import { recordOrders } from './record-orders.ts';
import { sagaOrderOf } from './saga/saga-order.ts';
import { readStoreSettings } from './store-settings.ts';

interface ValidItem {
  order: OrderSubmission;
  fingerprint: string;
}

type Outcome = { status: 'recorded' | 'replayed' } | { problem: HttpProblem };

const asProblem = (error: unknown): HttpProblem => {
  if (error instanceof HttpProblem) return error;
  throw error;
};

const hasCard = (order: OrderSubmission) => order.tenders.some((t) => t.type === 'card' && t.amount > 0);

/** Drives the sagas of the orders just recorded (leased to this process): cash in bulk within the budget, card in the background. */
async function driveRecorded(deps: OrderDeps, tenantId: string, recorded: readonly ValidItem[]): Promise<void> {
  logOrdersReceived(
    deps.logger,
    recorded.map((r) => r.order),
  );
  for (const { order } of recorded.filter((r) => hasCard(r.order))) {
    deps.driver.drive(tenantId, order.id, { leased: true, recorded: sagaOrderOf(tenantId, order) }).catch((error: unknown) => {
      deps.logger.warn({ err: error, correlationId: order.id }, 'saga drive failed; the recovery worker resumes it');
    });
  }
  const cash = recorded.filter((r) => !hasCard(r.order)).map((r) => r.order.id);
  if (cash.length === 0) return;
  const settling = deps.cashSettlement.settle(tenantId, cash).catch((error: unknown) => {
    deps.logger.warn({ err: error, orders: cash.length }, 'cash settlement failed; the recovery worker resumes the sales');
  });
  const budget = new AbortController();
  await Promise.race([settling, sleep(deps.inlineBudgetMs, undefined, { signal: budget.signal }).catch(() => {})]);
  budget.abort();
}

export async function submitBatch(deps: OrderDeps, principal: Principal, items: readonly unknown[]): Promise<BatchResult[]> {
  const { tenantId } = principal;
  const checked = items.map((raw): { item: ValidItem } | { id: string | null; problem: HttpProblem } => {
    try {
      const order = checkSubmission(raw, principal);
      return { item: { order, fingerprint: fingerprintOf(order) } };
    } catch (error) {
      return { id: readableId(raw), problem: asProblem(error) };
    }
  });

  const candidates = batchCandidates(
    checked.flatMap((c) => ('item' in c ? [c.item] : [])),
    (item) => item.order.id,
  );
  const firstById = new Map(candidates.map((item) => [item.order.id, item]));

  const outcomes = new Map<string, Outcome>();
  const statuses = new Map<string, OrderStatus>();
  if (candidates.length > 0) {
    await withTransaction(deps.pool, async (tx) => {
      outcomes.clear();
      const { claims, claimed: toRecord } = await claimCandidates(tx, {
        tenantId,
        owner: deps.instance,
        candidates,
        keyOf: (c) => c.order.id,
        fingerprintOf: (c) => c.fingerprint,
        status: 202,
      });
      const store = await readStoreSettings(tx, tenantId);
      const { ids: recorded } = await recordOrders(tx, tenantId, toRecord, store, { lease: { owner: deps.owner, leaseMs: deps.leaseMs } });
      for (const id of recorded) outcomes.set(id, { status: 'recorded' });

      // Claimed but not recorded: an order with this id predates its (pruned) key, or the seq is taken.
      const collided = toRecord.filter((c) => !recorded.has(c.order.id));
      await unclaimBatch(
        tx,
        tenantId,
        collided.map((c) => c.order.id),
      );
      for (const [id, verdict] of await explainCollisions(tx, tenantId, collided)) {
        outcomes.set(id, verdict === 'replay' ? { status: 'replayed' } : { problem: verdict });
      }
      for (const [id, claim] of claims) {
        if (claim.kind === 'replay') outcomes.set(id, { status: 'replayed' });
        else if (claim.kind === 'problem') outcomes.set(id, { problem: claim.problem });
      }
    });
    const recordedNow = candidates.filter((c) => {
      const o = outcomes.get(c.order.id);
      return o !== undefined && 'status' in o && o.status === 'recorded';
    });
    await driveRecorded(deps, tenantId, recordedNow);
    const known = [...outcomes].filter(([, o]) => 'status' in o).map(([id]) => id);
    const rows = await deps.pool.query<{ id: string; status: OrderStatus }>(
      'SELECT id, status FROM orders WHERE tenant_id = $1 AND id = ANY($2::text[])',
      [tenantId, known],
    );
    for (const r of rows.rows) statuses.set(r.id, r.status);
  }

  const seen = new Set<string>();
  return checked.map((c): BatchResult => {
    if (!('item' in c)) return { id: c.id, error: c.problem.toJSON() };
    const { order, fingerprint } = c.item;
    const first = !seen.has(order.id);
    seen.add(order.id);
    if (firstById.get(order.id)?.fingerprint !== fingerprint) return { id: order.id, error: problems.keyReused().toJSON() };
    const outcome = outcomes.get(order.id);
    if (outcome && 'problem' in outcome) return { id: order.id, error: outcome.problem.toJSON() };
    const status = statuses.get(order.id);
    if (!status) return { id: order.id, error: problems.inFlight(1).toJSON() };
    return { id: order.id, status, replayed: !first || outcome?.status === 'replayed' };
  });
}
