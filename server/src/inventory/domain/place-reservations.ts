/**
 * Placing reservations: the ONE path by which orders take stock, for a single order (`reserve`, the
 * per-step saga's first step) and for a batch of cash sales (`settleReservations`, shared/src/
 * reservation-batch.ts: reserve AND commit in the caller's one transaction). Both run the same
 * statements, set-based, whatever the number of orders:
 *
 *   1. the orders' reservation rows: new ones inserted (ON CONFLICT DO NOTHING) — held with their
 *      expiry, or, when settling, born committed — and existing ones locked FOR UPDATE, in order-id
 *      order, before any product (reservation-rows.ts);
 *   2. every product named, locked once (stock-ledger.ts), in the same round trip as step 1;
 *   3. per order, in order-id order, the outcome against the running stock:
 *        new, strict and short of stock  → rejected, holds nothing
 *        new                             → held (reserved += qty), or when settling committed (sold)
 *        existing, when settling         → held / expired: committed (as commitReservation would);
 *                                          committed, released, rejected: answered as is
 *        existing, when reserving        → answered as is (one reservation per order, whatever its key)
 *   4. bulk writes, run with the COMMIT in order: lines, statuses, then the ledger (movements,
 *      discrepancies, products, ONE catalogue change).
 *
 * strict (online sale): holds only when every line is available — never oversells, because each
 * check runs under the product rows' locks. force (offline sale, already happened): always taken,
 * even past zero; a sale below zero records a discrepancy. A line naming a product the catalogue does
 * not know (or a tombstoned one, in strict mode) is short with available 0 in strict mode; in force
 * mode it is recorded but holds nothing, and its sale records an `unknown_product` discrepancy.
 * Each line records its product's catalogue price and tax rate as read under the row lock
 * (reservation-line.ts). Exactly once per order: a reservation is committed at most once (its status
 * is checked under its row lock), and the UNIQUE sale movement per order line is the second wall.
 */
import type { Reservation, ReserveRequest } from '@pos/shared/reservation';
import type { SettleBatchRequest, SettledReservation } from '@pos/shared/reservation-batch';
import { type PoolClient, queryAtCommit } from '../../common/db.ts';
import { problems } from '../../common/problem.ts';
import { lockProducts } from './product-row.ts';
import { reservationLineRows } from './reservation-line.ts';
import {
  insertLines,
  loadReservations,
  type OrderLineRow,
  RESERVATION_COLUMNS,
  type ReservationRow,
  setStatuses,
  toReservation,
} from './reservation-rows.ts';
import { stockLedger } from './stock-ledger.ts';

type PlaceOrder = Pick<ReserveRequest, 'orderId' | 'mode' | 'lines'>;

/** `hold`: take the stock and hold it for `ttlSeconds`; `settle`: take it and sell it at once. */
export type Placement = { kind: 'hold'; ttlSeconds: (order: PlaceOrder) => number } | { kind: 'settle' };

export interface Placed {
  reservation: Reservation;
  /** False when the order already had a reservation (or a released tombstone). */
  created: boolean;
}

/** Places every order (order ids unique); one outcome per order id. */
export async function placeReservations(
  tx: PoolClient,
  tenantId: string,
  orders: readonly PlaceOrder[],
  placement: Placement,
): Promise<Map<string, Placed>> {
  const sorted = [...orders].sort((a, b) => (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0));
  const settling = placement.kind === 'settle';

  // 1. Reservation rows. A new one is born with its outcome if nothing is short (held, or committed
  //    when settling); a strict shortage turns it into 'rejected' below, in this same transaction.
  //    An existing row is locked by the insert itself ("DO UPDATE … WHERE false" locks the conflicting
  //    row and changes nothing), so every reservation row is locked here, in order-id order, before
  //    any product — and the products every order names are locked in the same round trip, pipelined
  //    behind it. Products only an existing reservation names are locked after (step 2).
  const named = new Set(sorted.flatMap((o) => o.lines.map((l) => l.productId)));
  const insertion = tx.query<ReservationRow>(
    `INSERT INTO reservations AS r (tenant_id, order_id, mode, status, expires_at)
     SELECT $1, o.id, o.mode, $4, CASE WHEN $4 = 'held' THEN now() + make_interval(secs => o.ttl) END
       FROM unnest($2::text[], $3::text[], $5::float8[]) WITH ORDINALITY AS o(id, mode, ttl, n) ORDER BY o.n
     ON CONFLICT (tenant_id, order_id) DO UPDATE SET status = r.status WHERE false
     RETURNING ${RESERVATION_COLUMNS}`,
    [
      tenantId,
      sorted.map((o) => o.orderId),
      sorted.map((o) => o.mode),
      settling ? 'committed' : 'held',
      sorted.map((o) => (placement.kind === 'hold' ? placement.ttlSeconds(o) : 0)),
    ],
  );
  const [inserted, namedProducts] = await Promise.all([insertion, lockProducts(tx, tenantId, [...named])]);
  const created = new Map(inserted.rows.map((r) => [r.order_id, r]));
  const existing = await loadReservations(
    tx,
    tenantId,
    sorted.filter((o) => !created.has(o.orderId)).map((o) => o.orderId),
    'FOR UPDATE',
  );
  const toCommit = (r: ReservationRow) => settling && (r.status === 'held' || r.status === 'expired');

  // 2. Every product the placement touches, locked once: those the orders name (above), and those only an
  //    existing reservation to commit names — in practice none (an order's reservation has the order's
  //    lines); should one appear, it is locked second, out of id order, and a deadlock is retried.
  const unnamed = new Set<string>();
  for (const { row, lines } of existing.values())
    if (toCommit(row)) for (const l of lines) if (!named.has(l.product_id)) unnamed.add(l.product_id);
  const products = unnamed.size === 0 ? namedProducts : new Map([...namedProducts, ...(await lockProducts(tx, tenantId, [...unnamed]))]);
  const ledger = stockLedger(tx, tenantId, products);

  // 3. Outcomes against the running stock.
  const placed = new Map<string, Placed>();
  const newLines: OrderLineRow[] = [];
  const rejected: { orderId: string; shortages: Reservation['shortages'] }[] = [];
  const committedExisting: string[] = [];
  for (const order of sorted) {
    const old = existing.get(order.orderId);
    if (old) {
      if (toCommit(old.row)) {
        ledger.sell(order.orderId, old.lines, old.row.status === 'held');
        committedExisting.push(order.orderId);
        placed.set(order.orderId, { reservation: toReservation({ ...old, row: { ...old.row, status: 'committed' } }), created: false });
      } else {
        placed.set(order.orderId, { reservation: toReservation(old), created: false });
      }
      continue;
    }
    const row = created.get(order.orderId);
    // Neither inserted nor found: a concurrent insert of it rolled back between our two statements.
    if (!row) throw problems.inFlight(1);
    const shortages = order.mode === 'strict' ? ledger.shortagesOf(order.lines) : [];
    const lines = reservationLineRows(order.lines, ledger.products, shortages.length === 0);
    newLines.push(...lines.map((l) => ({ ...l, order_id: order.orderId })));
    if (shortages.length > 0) {
      rejected.push({ orderId: order.orderId, shortages });
      placed.set(order.orderId, {
        reservation: toReservation({ row: { ...row, status: 'rejected', shortages, expires_at: null }, lines }),
        created: true,
      });
      continue;
    }
    if (settling) ledger.sell(order.orderId, lines, false);
    else ledger.hold(lines);
    placed.set(order.orderId, { reservation: toReservation({ row, lines }), created: true });
  }

  // 4. Bulk writes, all run with the COMMIT in this order (reservation-rows.ts), the ledger's catalogue change last.
  insertLines(tx, tenantId, newLines);
  if (rejected.length > 0) {
    // `= ANY($2)` repeats the join for the planner (see stock-ledger.ts).
    queryAtCommit(
      tx,
      `UPDATE reservations r SET status = 'rejected', shortages = d.shortages, expires_at = NULL, updated_at = now()
         FROM unnest($2::text[], $3::jsonb[]) AS d(order_id, shortages)
        WHERE r.tenant_id = $1 AND r.order_id = ANY($2::text[]) AND r.order_id = d.order_id`,
      [tenantId, rejected.map((r) => r.orderId), rejected.map((r) => JSON.stringify(r.shortages))],
    );
  }
  setStatuses(tx, tenantId, committedExisting, 'committed');
  await ledger.write(sorted.length === 1 ? (sorted[0]?.orderId ?? null) : null);
  return placed;
}

/** The saga's reserve step: holds one order's stock (or answers the reservation it already has). */
export async function reserve(tx: PoolClient, tenantId: string, request: ReserveRequest, defaultTtlSeconds: number): Promise<Placed> {
  const placed = await placeReservations(tx, tenantId, [request], {
    kind: 'hold',
    ttlSeconds: () => request.ttlSeconds ?? defaultTtlSeconds,
  });
  const outcome = placed.get(request.orderId);
  if (!outcome) throw new Error(`reserve: no outcome for order ${request.orderId}`);
  return outcome;
}

/** Batch settlement: reserves and commits every order in the caller's transaction; one result per order, in request order. */
export async function settleReservations(
  tx: PoolClient,
  tenantId: string,
  orders: SettleBatchRequest['orders'],
): Promise<SettledReservation[]> {
  const placed = await placeReservations(tx, tenantId, orders, { kind: 'settle' });
  return orders.map((o) => {
    const r = placed.get(o.orderId)?.reservation;
    if (!r) throw new Error(`settleReservations: no outcome for order ${o.orderId}`);
    const { expiresAt: _expiresAt, ...settled } = r;
    return settled;
  });
}
