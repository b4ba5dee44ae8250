/**
 * Cash sales settled in bulk: the fast path of the saga for sales that need no payment step.
 *
 * A cash sale's saga is `received ─reserve─▶ reserved ─commit─▶ done`. Driven one by one that is two
 * Inventory calls and three POS Core transactions per sale (≈50 sales/s). Here many leased cash sales
 * of one tenant take the same path together:
 *
 *   ONE call `POST /v1/reservations/batch` (Inventory reserves + commits them all in one transaction)
 *   ─▶ ONE POS Core transaction: every order's state change, its transitions and its outbox events,
 *      fenced by the lease (`lease_owner = me AND saga_state = 'received'`). The order's history and
 *      events are exactly what the per-step saga records for the same sale, so a consumer cannot tell
 *      which path drove it: a confirmed sale gets `received → reserved` (order.reserved with the
 *      reservation mode, then its price mismatch if any) and `reserved → done` (order.confirmed); a
 *      rejected one `received → done` (order.rejected). Reserve and commit happened in one Inventory
 *      transaction, so both transitions commit together.
 *
 * A confirmed sale records the catalogue prices Inventory answered for its lines, and its price
 * mismatch event if the till's prices differ, in that same transaction (price-check.ts).
 *
 * Outcomes per order follow the per-step saga exactly: committed → confirmed; rejected (strict, short
 * of stock) → rejected `insufficient_stock`; released (a release tombstone) → rejected
 * `reservation_released`. Inventory unavailable → every order's step is scheduled again with its own
 * backoff (retried forever for offline sales; an online sale past its deadline is left to the
 * per-step driver, which compensates it). Inventory refusing the batch (a bug or misconfiguration)
 * → each order falls back to the per-step driver, whose answers decide it.
 *
 * Crash safety is the per-step saga's: a failure before the POS Core transaction gives the leases back
 * (retried until the database answers), a crash of the process leaves them to its dead owner (taken
 * over within seconds), and the orders stay in `received`; the next settlement asks Inventory again
 * and Inventory answers `committed` for what it already settled (nothing applied twice). Test fault hooks: `beforeStep
 * ('reserve')` before the call and `afterStep('commit')` after it answered, per order.
 *
 * Used by POST /v1/orders/batch inline (the answer then carries final statuses) and by the recovery
 * worker for due cash sales (claimDueCashSales). Card sales and sagas past their first step keep the
 * per-step driver.
 */
import type { EventType } from '@pos/shared/event';
import { LIMITS } from '@pos/shared/limits';
import type { SettleBatchRequest, SettledReservation } from '@pos/shared/reservation-batch';
import { type Pool, withTransaction } from '../../../common/db.ts';
import type { Logger } from '../../../common/logger.ts';
import { appendEvents, type NewEvent } from '../../../common/outbox.ts';
import type { ClaimOwner } from '../../../common/service-instance.ts';
import type { InventorySettleClient } from '../../downstream/inventory-settle-client.ts';
import { checkPrices, type PriceCheck, recordPriceChecks, type TillLine } from './price-check.ts';
import type { SagaDriver } from './saga-driver.ts';
import { retryCapMs } from './saga-driver.ts';
import { claimDueCashSales, FAILED_DRIVE_RETRY_MS, releaseLeases } from './saga-lease.ts';
import type { SagaFaults } from './saga-state.ts';
import { scheduleRetries } from './saga-transition.ts';

export interface CashSettlementOptions {
  pool: Pool;
  logger: Logger;
  settleClient: InventorySettleClient;
  /** The per-step driver: the fallback when Inventory refuses a batch. */
  driver: SagaDriver;
  faults: SagaFaults;
  /** This process: its id owns the leases; it gives back the leases of a settlement that failed. */
  instance: ClaimOwner;
  leaseMs: number;
  sagaRetryDeadlineMs: number;
  /** Called after outcomes committed (they wrote events). */
  onTransition(): void;
}

export interface CashSettlement {
  /**
   * Settles cash sales of one tenant that this process has leased (still `received`). Rejects only on
   * an unexpected failure (the database unreachable), after which the leases are given back.
   */
  settle(tenantId: string, orderIds: readonly string[]): Promise<void>;
  /** Leases up to `limit` due cash sales of any tenant and settles them; returns how many it leased. */
  settleDue(limit?: number): Promise<number>;
}

interface LineRow {
  id: string;
  capture_mode: 'online' | 'offline';
  line_no: number;
  product_id: string;
  quantity: number;
  unit_price: number;
  price_list_version: number;
}

/** An order's lines as the till priced them. */
interface TillPricing {
  lines: TillLine[];
  priceListVersion: number;
}

interface Leased {
  orders: SettleBatchRequest['orders'];
  till: Map<string, TillPricing>;
}

interface Outcome {
  id: string;
  status: 'confirmed' | 'rejected';
  reason: string | null;
  data: Record<string, unknown>;
  mode: string;
  /** A confirmed sale's catalogue prices. */
  prices: PriceCheck | null;
}

export function createCashSettlement(options: CashSettlementOptions): CashSettlement {
  const { pool, logger, instance } = options;
  const owner = instance.id;
  const capMs = retryCapMs(options.sagaRetryDeadlineMs);

  async function loadLeased(tenantId: string, orderIds: readonly string[]): Promise<Leased> {
    const { rows } = await pool.query<LineRow>(
      `SELECT o.id, o.capture_mode, o.price_list_version, l.line_no, l.product_id, l.quantity, l.unit_price
         FROM orders o JOIN order_lines l ON l.tenant_id = o.tenant_id AND l.order_id = o.id
        WHERE o.tenant_id = $1 AND o.id = ANY($2::text[]) AND o.lease_owner = $3 AND o.saga_state = 'received'
        ORDER BY o.id, l.line_no`,
      [tenantId, orderIds, owner],
    );
    const orders = new Map<string, SettleBatchRequest['orders'][number]>();
    const till = new Map<string, TillPricing>();
    for (const r of rows) {
      let order = orders.get(r.id);
      let pricing = till.get(r.id);
      if (!order || !pricing) {
        // Offline sales already happened: always accepted (stock may go negative → discrepancy). Online: never oversell.
        order = { orderId: r.id, mode: r.capture_mode === 'offline' ? 'force' : 'strict', lines: [] };
        orders.set(r.id, order);
        pricing = { lines: [], priceListVersion: r.price_list_version };
        till.set(r.id, pricing);
      }
      order.lines.push({ lineNo: r.line_no, productId: r.product_id, quantity: r.quantity });
      pricing.lines.push({ lineNo: r.line_no, productId: r.product_id, unitPrice: r.unit_price });
    }
    return { orders: [...orders.values()], till };
  }

  const outcomeOf = (r: SettledReservation, till: TillPricing | undefined): Outcome | null => {
    switch (r.status) {
      case 'committed': {
        const prices = till ? checkPrices(till.lines, r.lines, till.priceListVersion) : null;
        return { id: r.orderId, status: 'confirmed', reason: null, data: {}, mode: r.mode, prices };
      }
      case 'rejected':
        return {
          id: r.orderId,
          status: 'rejected',
          reason: 'insufficient_stock',
          data: { shortages: r.shortages },
          mode: r.mode,
          prices: null,
        };
      case 'released':
        return { id: r.orderId, status: 'rejected', reason: 'reservation_released', data: {}, mode: r.mode, prices: null };
      default:
        return null; // held / expired: not what a settlement leaves; the step is retried
    }
  };

  /** One transaction: every outcome's state change, transitions and events, fenced by the lease. */
  async function apply(tenantId: string, outcomes: readonly Outcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    const settled: { id: string; seq: number }[] = [];
    const priced = await withTransaction(pool, async (tx) => {
      settled.length = 0;
      // One UPDATE per outcome kind (confirmed; rejected for one reason or another), each by `id =
      // ANY(ids)` with constant values: no join with an unnest of the batch, which the planner turned
      // into a hash of the whole store's orders or a 500 × 500 nested loop, depending on its statistics.
      const kinds = new Map<string, { status: Outcome['status']; reason: string | null; ids: string[] }>();
      for (const o of outcomes) {
        const key = `${o.status}/${o.reason ?? ''}`;
        const kind = kinds.get(key) ?? { status: o.status, reason: o.reason, ids: [] };
        kind.ids.push(o.id);
        kinds.set(key, kind);
      }
      const updated: { id: string; terminal_id: string; seq: number; total: number }[] = [];
      for (const kind of kinds.values()) {
        const { rows } = await tx.query<{ id: string; terminal_id: string; seq: number; total: number }>(
          `UPDATE orders o
              SET saga_state = 'done', status = $3, reason = $4,
                  final_status = CASE WHEN $3 = 'rejected' THEN 'rejected' ELSE o.final_status END,
                  attempts = 0, step_deadline = NULL, next_attempt_at = now(), updated_at = now(), lease_owner = NULL, lease_until = NULL
            WHERE o.tenant_id = $1 AND o.id = ANY($2::text[]) AND o.lease_owner = $5 AND o.saga_state = 'received'
            RETURNING o.id, o.terminal_id, o.seq, o.total`,
          [tenantId, kind.ids, kind.status, kind.reason, owner],
        );
        updated.push(...rows);
      }
      if (updated.length === 0) return [];
      settled.push(...updated);
      const byId = new Map(outcomes.map((o) => [o.id, o]));
      const transitions: { id: string; from: string; to: string; status: string; reason: string | null }[] = [];
      const checks: { orderId: string; check: PriceCheck }[] = [];
      for (const row of updated) {
        const o = byId.get(row.id);
        if (o?.prices) checks.push({ orderId: row.id, check: o.prices });
      }
      const mismatches = new Map((await recordPriceChecks(tx, tenantId, checks)).map((e) => [e.correlationId, e]));
      const events: NewEvent[] = [];
      for (const row of updated) {
        const o = byId.get(row.id);
        if (!o) continue;
        // The payloads of saga-transition.ts: the order's facts, its status and reason after the step, the step's data.
        const event = (type: EventType, status: string, reason: string | null, data: Record<string, unknown>) =>
          events.push({
            tenantId,
            type,
            correlationId: row.id,
            data: { orderId: row.id, terminalId: row.terminal_id, seq: row.seq, total: row.total, status, reason, ...data },
          });
        if (o.status === 'confirmed') {
          // The per-step saga's two steps, as it would record them: reserve (with its price check), then commit.
          transitions.push({ id: row.id, from: 'received', to: 'reserved', status: 'pending', reason: null });
          transitions.push({ id: row.id, from: 'reserved', to: 'done', status: 'confirmed', reason: null });
          event('order.reserved', 'pending', null, { mode: o.mode });
          const mismatch = mismatches.get(row.id);
          if (mismatch) events.push(mismatch);
          event('order.confirmed', 'confirmed', null, {});
        } else {
          transitions.push({ id: row.id, from: 'received', to: 'done', status: o.status, reason: o.reason });
          event('order.rejected', 'rejected', o.reason, o.data);
        }
      }
      await tx.query(
        `INSERT INTO order_transitions (tenant_id, order_id, from_state, to_state, status, reason, worker)
         SELECT $1, t.id, t.from_state, t.to_state, t.status, t.reason, $7
           FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS t(id, from_state, to_state, status, reason, n)
          ORDER BY t.n`,
        [
          tenantId,
          transitions.map((t) => t.id),
          transitions.map((t) => t.from),
          transitions.map((t) => t.to),
          transitions.map((t) => t.status),
          transitions.map((t) => t.reason),
          owner,
        ],
      );
      await appendEvents(tx, events);
      return checks;
    });
    options.onTransition();
    // One line per sale: its server-side timeline in `pnpm trace` (the batch call itself names no order).
    const outcomeOfId = new Map(outcomes.map((o) => [o.id, o]));
    for (const { id, seq } of settled) {
      const o = outcomeOfId.get(id);
      logger.info({ orderId: id, correlationId: id, seq, status: o?.status, reason: o?.reason ?? undefined }, 'cash sale settled');
    }
    for (const { orderId, check } of priced) {
      if (check.mismatch) logger.warn({ correlationId: orderId, ...check.mismatch }, 'till prices differ from the catalogue; recorded');
    }
  }

  async function settleChunk(tenantId: string, orders: SettleBatchRequest['orders'], till: Leased['till']): Promise<void> {
    for (const o of orders) await options.faults.beforeStep?.('reserve', o.orderId);
    const answer = await options.settleClient.settle(tenantId, orders);
    const ids = orders.map((o) => o.orderId);
    if (answer.kind === 'unavailable') {
      await scheduleRetries(pool, {
        tenantId,
        orderIds: ids,
        owner,
        capMs,
        deadlineMs: options.sagaRetryDeadlineMs,
        reason: 'inventory_unavailable',
      });
      return;
    }
    if (answer.kind !== 'ok') {
      logger.error(
        { status: answer.status, problem: answer.problem, orders: ids.length },
        'batch settlement refused; driving each sale alone',
      );
      await Promise.all(ids.map((id) => options.driver.drive(tenantId, id, { leased: true })));
      return;
    }
    for (const id of ids) await options.faults.afterStep?.('commit', id);
    const outcomes: Outcome[] = [];
    const unsettled: string[] = [];
    const answered = new Map(answer.body.results.map((r) => [r.orderId, r]));
    for (const id of ids) {
      const r = answered.get(id);
      const outcome = r ? outcomeOf(r, till.get(id)) : null;
      if (outcome) outcomes.push(outcome);
      else unsettled.push(id);
    }
    await apply(tenantId, outcomes);
    if (unsettled.length > 0) {
      logger.error({ orders: unsettled.length }, 'batch settlement left orders unsettled; they are retried');
      await scheduleRetries(pool, { tenantId, orderIds: unsettled, owner, capMs, deadlineMs: options.sagaRetryDeadlineMs, reason: null });
    }
  }

  async function settle(tenantId: string, orderIds: readonly string[]): Promise<void> {
    if (orderIds.length === 0) return;
    try {
      const { orders, till } = await loadLeased(tenantId, orderIds);
      for (let i = 0; i < orders.length; i += LIMITS.maxOrdersPerBatch) {
        await settleChunk(tenantId, orders.slice(i, i + LIMITS.maxOrdersPerBatch), till);
      }
    } catch (error) {
      // Settled orders are no longer leased (the fence skips them); the others go back to the worker.
      await instance.cleanUp(`cash settlement leases (${orderIds.length})`, () =>
        releaseLeases(pool, tenantId, orderIds, owner, FAILED_DRIVE_RETRY_MS),
      );
      throw error;
    }
  }

  return {
    settle,
    async settleDue(limit = LIMITS.maxOrdersPerBatch) {
      const due = await claimDueCashSales(pool, owner, options.leaseMs, limit);
      const byTenant = new Map<string, string[]>();
      for (const d of due) byTenant.set(d.tenantId, [...(byTenant.get(d.tenantId) ?? []), d.id]);
      for (const [tenantId, ids] of byTenant) {
        await settle(tenantId, ids).catch((error: unknown) => {
          logger.warn({ err: error, orders: ids.length }, 'cash settlement failed; the sales resume when their leases expire');
        });
      }
      return due.length;
    },
  };
}
